"""The durable queue of index work: one row per document whose index entry is out of date."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingIndex(models.Model):
    """A document to (re)index or remove, written in the same transaction as the change.

    The Celery task removes the row once every index is updated; if Redis or the
    search server is down the row stays and the periodic task retries it, so a
    change is never lost. What to do is decided when the task runs, from the
    record as it is then: public -> index it, otherwise -> remove it.
    """

    key = models.CharField(_("文档"), max_length=64, unique=True)
    requested_at = models.DateTimeField(_("请求时间"), auto_now=True, db_index=True)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        verbose_name = _("待索引文档")
        verbose_name_plural = _("待索引文档")
        ordering = ["requested_at"]

    def __str__(self):
        return self.key


class Synonym(models.Model):
    """One group of the lay-term dictionary: an official term and the everyday words for it.

    Applied at query time by both backends (`search.query`): a query word equal to
    any word of the group matches every word of the group. The shipped starting
    set is `search/data/synonyms.txt`; city admins edit it in the admin.
    """

    term = models.CharField(
        _("规范用语"),
        max_length=30,
        unique=True,
        help_text=_("业务领域目录或政策文件中的用语，如“老年”"),
    )
    variants = models.TextField(
        _("日常说法"),
        help_text=_("群众常用的说法，用空格、逗号或顿号分隔，如“老年人 长者 老人”"),
    )
    enabled = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("同义词")
        verbose_name_plural = _("同义词")
        ordering = ["term"]

    def __str__(self):
        return self.term

    def words(self) -> list[str]:
        # Imported here: search.synonyms imports this model.
        from .synonyms import split_words

        return split_words(self.term) + [
            w for w in split_words(self.variants) if w not in split_words(self.term)
        ]

    def clean(self):
        # Imported here: search.synonyms imports this model.
        from django.core.exceptions import ValidationError

        from .synonyms import MAX_GROUP, split_words

        if len(split_words(self.term)) != 1:
            raise ValidationError({"term": _("规范用语只能是一个词。")})
        variants = split_words(self.variants)
        if not variants:
            raise ValidationError({"variants": _("请至少填写一个日常说法。")})
        if len(variants) > MAX_GROUP:
            raise ValidationError({"variants": _("日常说法最多 %(n)s 个。") % {"n": MAX_GROUP}})
        too_short = [w for w in variants if len(w) < 2 and not w.isascii()]
        if too_short:
            raise ValidationError(
                {
                    "variants": _("单个汉字会匹配过多内容，请改用词语：%(w)s")
                    % {"w": "、".join(too_short)}
                }
            )


class SearchStat(models.Model):
    """How often a query was run in a month, and how often it found nothing.

    Anonymous by construction: one counter per normalized query and month, no
    visitor, address, session or time of day. The service centre reads these to
    grow the dictionary from real use.
    """

    query = models.CharField(_("检索词"), max_length=100)
    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    searches = models.PositiveIntegerField(_("检索次数"), default=0)
    zero_results = models.PositiveIntegerField(_("无结果次数"), default=0)
    clicks = models.PositiveIntegerField(_("点击次数"), default=0)

    class Meta:
        verbose_name = _("检索统计")
        verbose_name_plural = _("检索统计")
        ordering = ["-month", "-searches"]
        constraints = [
            models.UniqueConstraint(fields=["query", "month"], name="search_stat_query_month")
        ]

    def __str__(self):
        return self.query


class ClickStat(models.Model):
    """Which result was opened for a query in a month (a counter, nothing about who)."""

    query = models.CharField(_("检索词"), max_length=100)
    month = models.DateField(_("月份"))
    key = models.CharField(_("文档"), max_length=64)
    title = models.CharField(_("标题"), max_length=200, blank=True)
    clicks = models.PositiveIntegerField(_("点击次数"), default=0)

    class Meta:
        verbose_name = _("结果点击")
        verbose_name_plural = _("结果点击")
        ordering = ["-month", "-clicks"]
        constraints = [
            models.UniqueConstraint(
                fields=["query", "month", "key"], name="search_click_query_month_key"
            )
        ]

    def __str__(self):
        return f"{self.query} → {self.title or self.key}"
