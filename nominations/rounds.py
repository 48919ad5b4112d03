"""What happens to a round as a whole: carry-over, the public notice, publication.

Each step checks what `000` 四 requires before it runs (`outstanding`, the
window's dates, open objections) and refuses with a Chinese message saying what
is outstanding and who must act; each is idempotent (a second call changes
nothing) and atomic. The round's calendar (tasks.py) and the round page's
buttons call the same functions, so a step taken by hand is checked the same way.
"""

import datetime
from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from notices.models import AnnouncementIndexPage, AnnouncementPage

from .models import (
    Application,
    DirectoryEntry,
    DirectoryIndexPage,
    DirectoryYearPage,
    Origin,
    RereviewResult,
    Round,
    Status,
)
from .notifications import notify_round_step
from .workflow import Action, perform


class RoundError(Exception):
    """A round-level step that cannot be taken now; the message says why, in Chinese."""


def previous_round(round_: Round) -> Round | None:
    return (
        Round.objects.filter(year__lt=round_.year, published_at__isnull=False)
        .order_by("-year")
        .first()
    )


def carry_over(round_: Round, user=None) -> int:
    """Bring last directory's entries back as 「原有」, submitted for re-confirmation (`000` 四(一)).

    Entries whose provider is now on the serious dishonesty list, or whose listing is gone
    from the site, are not brought back. Each goes through the table's carry-over row.
    """

    previous = previous_round(round_)
    if previous is None:
        return 0
    with transaction.atomic():
        already = set(
            round_.applications.exclude(carried_from=None).values_list("carried_from_id", flat=True)
        )
        taken = set(round_.applications.values_list("listing_id", flat=True))
        sources = (
            Application.objects.filter(
                round=previous,
                directory_entries__isnull=False,
                provider__is_seriously_dishonest=False,
            )
            .exclude(pk__in=already)
            .exclude(listing_id__in=taken)
            .select_related("listing", "provider")
            .distinct()
        )
        created = 0
        for source in sources:
            if not source.listing.is_public:
                continue
            application = Application(
                round=round_,
                provider=source.provider,
                listing=source.listing,
                origin=Origin.CARRIED_OVER,
                carried_from=source,
                recommendation_form=source.recommendation_form.name,
                **{
                    name: getattr(source, name)
                    for name in (
                        "title",
                        "domain_id",
                        "purchaser_name",
                        "total_amount",
                        "implemented_amount",
                        "government_amount",
                        "period_start",
                        "period_end",
                        "two_years_or_more",
                        "summary",
                        "results",
                    )
                },
            )
            perform(
                application,
                None,
                Action.CARRY_OVER,
                _("已纳入%(year)s版推荐目录，自动提交，待登记管理机关再次确认")
                % {"year": previous.year},
            )
            created += 1
    return created


def passing(round_: Round):
    """The list that passed: city-approved and passed by the city after the re-review."""
    return (
        round_.applications.filter(
            status=Status.CITY_APPROVED, rereview_result=RereviewResult.PASSED
        )
        .select_related("provider", "domain__parent")
        .order_by("domain__major", "domain__minor", "provider__name", "pk")
    )


def domain_names(application) -> tuple[str, str]:
    domain = application.domain
    if domain.parent_id:
        return domain.parent.name, domain.name
    return domain.name, ""


def outstanding(round_: Round) -> list[str]:
    """What still stands between the round and its public notice, each with who must act.

    Drafts never submitted (已保存) are not part of the round; everything submitted must be
    decided: refused, or city-approved with a re-review decision.
    """
    lines = []
    waiting = Counter()
    for status, level, district in round_.applications.filter(
        status__in=(
            Status.SUBMITTED,
            Status.DISTRICT_RETURNED,
            Status.CITY_RETURNED,
            Status.DISTRICT_APPROVED,
        )
    ).values_list("status", "provider__registration_level", "provider__district__name"):
        if status == Status.DISTRICT_APPROVED or level == "city":
            who = _("市民政局")
        elif status == Status.DISTRICT_RETURNED:
            who = _("社会组织（%(district)s）修改后重新提交，或%(district)s民政局处理") % {
                "district": district
            }
        else:
            who = _("%(district)s民政局") % {"district": district}
        waiting[(Status(status).label, who)] += 1
    for (label, who), n in sorted(waiting.items()):
        lines.append(
            _("%(n)s 个申报仍为“%(status)s”，待%(who)s处理") % {"n": n, "status": label, "who": who}
        )
    rereview = round_.applications.filter(
        status=Status.CITY_APPROVED, rereview_result=RereviewResult.PENDING
    )
    unassigned = rereview.filter(expert_reviews__isnull=True).count()
    unscored = rereview.filter(expert_reviews__score__isnull=True).distinct().count() - unassigned
    undecided = rereview.count()
    if unassigned:
        lines.append(
            _("%(n)s 个市级同意的申报尚未分配复审专家，待市社会组织服务中心分配")
            % {"n": unassigned}
        )
    if unscored > 0:
        lines.append(_("%(n)s 个申报的复审专家尚未评分，待评审专家评分") % {"n": unscored})
    if undecided:
        lines.append(_("%(n)s 个市级同意的申报尚未作出复审决定，待市民政局决定") % {"n": undecided})
    return lines


def _refuse(title: str, lines: list[str]):
    raise RoundError(title + "：" + "；".join(lines))


@transaction.atomic
def publish_notice(round_: Round, user=None, today: datetime.date | None = None):
    """Publish the passing list (with projects) as a 公示 announcement, within the notice window."""


    today = today or timezone.localdate()
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.notice_page_id:
        return round_.notice_page
    problems = []
    if not (round_.notice_start <= today <= round_.notice_end):
        problems.append(
            _("公示时间为 %(start)s 至 %(end)s，今天（%(today)s）不在公示期内")
            % {
                "start": round_.notice_start.isoformat(),
                "end": round_.notice_end.isoformat(),
                "today": today.isoformat(),
            }
        )
    problems += outstanding(round_)
    entries = list(passing(round_))
    if not entries and not problems:
        problems.append(_("没有通过复审的申报"))
    if problems:
        _refuse(_("暂不能发布公示"), problems)
    parent = AnnouncementIndexPage.objects.first()
    if parent is None:
        raise RoundError(_("网站缺少“公示公告”栏目"))
    rows = "".join(
        f"<li>{escape(first)}{' / ' + escape(second) if second else ''}："
        f"{escape(app.provider.name)}《{escape(app.title)}》（{escape(app.get_origin_display())}）</li>"
        for app in entries
        for first, second in [domain_names(app)]
    )
    objection_url = f"/directory/objections/{round_.year}/"
    page = AnnouncementPage(
        title=_("%(year)s年度上海市承接政府购买服务社会组织推荐目录拟入选名单公示")
        % {"year": round_.year},
        slug=f"directory-{round_.year}-notice",
        issuing_body=_("上海市社会组织服务中心"),
        # Dated the day it goes online, which is within the notice period.
        issue_date=today,
        level="city",
        summary=_("公示期 %(start)s 至 %(end)s，共 %(count)s 个项目。")
        % {
            "start": today.isoformat(),
            "end": round_.notice_end.isoformat(),
            "count": len(entries),
        },
        body=[
            ("heading", _("拟入选名单（附项目）")),
            ("paragraph", f"<ol>{rows}</ol>"),
            (
                "paragraph",
                _(
                    "<p>公示期 %(start)s 至 %(end)s。如有异议，请在公示期内通过"
                    '<a href="%(url)s">异议反映表单</a>提出，我们将逐一核实答复。</p>'
                )
                % {
                    "url": objection_url,
                    "start": today.isoformat(),
                    "end": round_.notice_end.isoformat(),
                },
            ),
        ],
    )
    parent.add_child(instance=page)
    page.save_revision(user=user).publish(user=user)
    round_.notice_page = page
    round_.save(update_fields=["notice_page"])
    notify_round_step(round_, entries, "notice", page.url)
    return page


@transaction.atomic
def publish_directory(round_: Round, user=None, today: datetime.date | None = None):
    """Publish the year's directory as a page under 推荐目录, after the notice period, with
    every objection answered; earlier years stay online."""

    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.directory_page_id:
        return round_.directory_page
    today = today or timezone.localdate()
    problems = []
    if not round_.notice_page_id:
        problems.append(_("尚未发布公示，待市民政局发布公示"))
    if today <= round_.notice_end:
        problems.append(
            _("公示期至 %(end)s，公示期满后（%(day)s 起）才能发布")
            % {
                "end": round_.notice_end.isoformat(),
                "day": (round_.notice_end + datetime.timedelta(days=1)).isoformat(),
            }
        )
    open_objections = round_.objections.filter(answered_at__isnull=True).count()
    if open_objections:
        problems.append(_("还有 %(n)s 条公示异议未答复，待市民政局答复") % {"n": open_objections})
    if problems:
        _refuse(_("暂不能发布推荐目录"), problems)
    index = DirectoryIndexPage.objects.first()
    if index is None:
        raise RoundError(_("网站缺少“推荐目录”栏目"))
    page = DirectoryYearPage(
        title=_("上海市承接政府购买服务社会组织推荐目录（%(year)s版）") % {"year": round_.year},
        slug=str(round_.year),
        year=round_.year,
    )
    entries = list(passing(round_))
    for order, application in enumerate(entries):
        first, second = domain_names(application)
        page.entries.add(
            DirectoryEntry(
                sort_order=order,
                application=application,
                provider=application.provider,
                first_domain=first,
                second_domain=second,
                provider_name=application.provider.name,
                project_title=application.title,
                origin=application.origin,
            )
        )
    index.add_child(instance=page)
    page.save_revision(user=user).publish(user=user)
    round_.directory_page = page
    round_.published_at = timezone.now()
    round_.save(update_fields=["directory_page", "published_at"])
    notify_round_step(round_, entries, "directory", page.url)
    return page
