"""What happens to a round as a whole: carry-over, the public notice, publication.

Each function is idempotent (a second call changes nothing) and atomic.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

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
from .workflow import record


class RoundError(Exception):
    """A round-level step that cannot be taken now; the message says why, in Chinese."""


def previous_round(round_: Round) -> Round | None:
    return (
        Round.objects.filter(year__lt=round_.year, published_at__isnull=False)
        .order_by("-year")
        .first()
    )


@transaction.atomic
def carry_over(round_: Round, user=None) -> int:
    """Bring last directory's entries back as 「原有」, submitted for re-confirmation (`000` 四(一)).

    Entries whose provider is now on the serious dishonesty list, or whose listing is gone
    from the site, are not brought back; their registration authority sees them no more.
    """
    previous = previous_round(round_)
    if previous is None:
        return 0
    already = set(
        round_.applications.exclude(carried_from=None).values_list("carried_from_id", flat=True)
    )
    taken = set(round_.applications.values_list("listing_id", flat=True))
    sources = (
        Application.objects.filter(
            round=previous, directory_entries__isnull=False, provider__is_seriously_dishonest=False
        )
        .exclude(pk__in=already)
        .exclude(listing_id__in=taken)
        .select_related("listing", "provider")
        .distinct()
    )
    created = 0
    now = timezone.now()
    for source in sources:
        if not source.listing.is_public:
            continue
        application = Application.objects.create(
            round=round_,
            provider=source.provider,
            listing=source.listing,
            title=source.title,
            domain_id=source.domain_id,
            purchaser_name=source.purchaser_name,
            total_amount=source.total_amount,
            implemented_amount=source.implemented_amount,
            government_amount=source.government_amount,
            period_start=source.period_start,
            period_end=source.period_end,
            two_years_or_more=source.two_years_or_more,
            results=source.results,
            recommendation_form=source.recommendation_form.name,
            origin=Origin.CARRIED_OVER,
            carried_from=source,
            status=Status.SUBMITTED,
            submitted_at=now,
        )
        record(
            application,
            user,
            "carry_over",
            _("系统"),
            "",
            Status.SUBMITTED,
            _("已纳入%(year)s版推荐目录，自动提交，待登记管理机关再次确认")
            % {"year": previous.year},
        )
        from .notifications import notify_transition
        from .workflow import Transition

        notify_transition(
            application,
            "",
            Transition("", "carry_over", "system", Status.SUBMITTED, False, None),
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


@transaction.atomic
def publish_notice(round_: Round, user=None):
    """Publish the passing list (with projects) as a 公示 announcement for the notice period."""
    from notices.models import AnnouncementIndexPage, AnnouncementPage

    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.notice_page_id:
        return round_.notice_page
    if round_.applications.filter(
        status=Status.CITY_APPROVED, rereview_result=RereviewResult.PENDING
    ).exists():
        raise RoundError(_("还有市级同意的申报未作出复审决定，请先完成复审"))
    entries = list(passing(round_))
    if not entries:
        raise RoundError(_("没有通过复审的申报，无法公示"))
    parent = AnnouncementIndexPage.objects.first()
    if parent is None:
        raise RoundError(_("网站缺少“公示公告”栏目"))
    rows = "".join(
        f"<li>{escape(first)}{' / ' + escape(second) if second else ''}："
        f"{escape(app.provider.name)}《{escape(app.title)}》</li>"
        for app in entries
        for first, second in [domain_names(app)]
    )
    objection_url = f"/directory/objections/{round_.year}/"
    page = AnnouncementPage(
        title=_("%(year)s年度上海市承接政府购买服务社会组织推荐目录拟入选名单公示")
        % {"year": round_.year},
        slug=f"directory-{round_.year}-notice",
        issuing_body=_("上海市社会组织服务中心"),
        issue_date=round_.notice_start,
        level="city",
        summary=_("公示期 %(start)s 至 %(end)s，共 %(count)s 个项目。")
        % {
            "start": round_.notice_start.isoformat(),
            "end": round_.notice_end.isoformat(),
            "count": len(entries),
        },
        body=[
            ("heading", _("拟入选名单（附项目）")),
            ("paragraph", f"<ol>{rows}</ol>"),
            (
                "paragraph",
                _(
                    '<p>公示期内，如有异议，请通过<a href="%(url)s">异议反映表单</a>提出，'
                    "我们将逐一核实答复。</p>"
                )
                % {"url": objection_url},
            ),
        ],
    )
    parent.add_child(instance=page)
    page.save_revision(user=user).publish(user=user)
    round_.notice_page = page
    round_.save(update_fields=["notice_page"])
    return page


@transaction.atomic
def publish_directory(round_: Round, user=None, today=None):
    """Publish the year's directory as a page under 推荐目录; earlier years stay online."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.directory_page_id:
        return round_.directory_page
    if not round_.notice_page_id:
        raise RoundError(_("尚未公示，不能发布"))
    today = today or timezone.localdate()
    if today <= round_.notice_end:
        raise RoundError(
            _("公示期至 %(end)s，公示期满后才能发布") % {"end": round_.notice_end.isoformat()}
        )
    open_objections = round_.objections.filter(answered_at__isnull=True).count()
    if open_objections:
        raise RoundError(_("还有 %(n)s 条公示异议未答复，答复后才能发布") % {"n": open_objections})
    index = DirectoryIndexPage.objects.first()
    if index is None:
        raise RoundError(_("网站缺少“推荐目录”栏目"))
    page = DirectoryYearPage(
        title=_("上海市承接政府购买服务社会组织推荐目录（%(year)s版）") % {"year": round_.year},
        slug=str(round_.year),
        year=round_.year,
    )
    for order, application in enumerate(passing(round_)):
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
    return page
