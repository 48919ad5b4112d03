"""Public views: report a record, the message board. Admin viewsets live in admin_views.py."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from accounts.throttling import client_key
from catalog.models import DemandListing, Provider, Purchaser, SupplyListing

from . import notifications
from .engine import publisher_of, snapshot_of
from .forms import MESSAGES, REPORTS, MessageForm, ReportForm
from .models import Flag, FlagSource, FlagStatus, Message, MessageStatus
from .rules import PUBLIC_REPORT

REPORTABLE = {
    "demand": lambda: DemandListing.objects.public().select_related("purchaser"),
    "supply": lambda: SupplyListing.objects.public().select_related("provider"),
    "provider": lambda: Provider.objects.all(),
    "purchaser": lambda: Purchaser.objects.all(),
}


def report(request, kind, pk):
    if kind not in REPORTABLE:
        raise Http404
    target = REPORTABLE[kind]().filter(pk=pk).first()
    if target is None:
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        if REPORTS.exceeded(request):
            form.add_error(None, REPORTS.message)
        elif form.is_valid():
            with transaction.atomic():
                report = form.save(commit=False)
                report.content_type = ContentType.objects.get_for_model(type(target))
                report.object_id = target.pk
                report.user = request.user if request.user.is_authenticated else None
                report.client_key = client_key(request)
                report.flag = _flag_for_report(target, report)
                report.save()
            REPORTS.record(request)
            messages.success(request, _("举报已收到，市社会组织服务中心将核实处理。感谢您的监督。"))
            return redirect(request.path)
    return render(request, "moderation/report_form.html", {"form": form, "target": target})


def _flag_for_report(target, report) -> Flag:
    """One open report flag per record; further reports join it."""
    content_type = ContentType.objects.get_for_model(type(target))
    flag = (
        Flag.objects.select_for_update()
        .filter(
            content_type=content_type,
            object_id=target.pk,
            rule=PUBLIC_REPORT.code,
            key="report",
            status=FlagStatus.OPEN,
        )
        .first()
    )
    line = f"[{report.get_reason_display()}] {report.text}"
    if flag is None:
        flag = Flag.objects.create(
            content_type=content_type,
            object_id=target.pk,
            target_label=str(target)[:250],
            source=FlagSource.REPORT,
            rule=PUBLIC_REPORT.code,
            key="report",
            severity=PUBLIC_REPORT.severity,
            message=_("公众举报：%s") % report.get_reason_display(),
            excerpt=line[:2000],
            snapshot=snapshot_of(target),
            **publisher_of(target),
        )
    else:
        flag.excerpt = f"{flag.excerpt}\n{line}"[:10000]
        flag.save(update_fields=["excerpt", "updated_at"])
    notifications.to_monitors(flag, _("收到公众举报：%s") % flag.target_label, line[:500])
    return flag


def message_board(request, page):
    """The message board page (notices.MessageBoardPage) with its form and the answered messages.

    Served by Wagtail at the page's own URL (see wagtail_hooks.serve_message_board): the page
    lives in notices, below moderation, so moderation handles its form, as a form page would.
    """
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        if MESSAGES.exceeded(request):
            form.add_error(None, MESSAGES.message)
        elif form.is_valid():
            message = form.save(commit=False)
            message.user = request.user if request.user.is_authenticated else None
            message.client_key = client_key(request)
            message.save()
            MESSAGES.record(request)
            messages.success(request, _("留言已收到。管理员回复后，留言和回复将在本页公开。"))
            return redirect(request.path)
    answered = Message.objects.filter(status=MessageStatus.ANSWERED).exclude(answer="")
    paginator = Paginator(
        answered.order_by("-answered_at", "-id").only(
            "subject", "name", "text", "answer", "created_at", "answered_at"
        ),
        20,
    )
    context = page.get_context(request)
    context.update(board=page, form=form, messages_page=paginator.get_page(request.GET.get("page")))
    return TemplateResponse(request, "moderation/message_board.html", context)
