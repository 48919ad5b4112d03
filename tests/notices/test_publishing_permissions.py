"""Who may publish which notice: city admins any, a district admin only its own district's.

Tested from both sides, through the Wagtail admin's own views and through
Wagtail's permission checks.
"""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from accounts.roles import Role
from notices.models import NoticeLevel, PolicyPage

from .conftest import folder, make_notice

pytestmark = pytest.mark.django_db


def add_policy(client, parent, title, publish=True):
    data = nested_form_data(
        {
            "title": title,
            "slug": f"notice-{abs(hash(title))}",
            "issuing_body": "上海市黄浦区民政局",
            "document_number": "黄民〔2026〕1号",
            "issue_date": "2026-03-01",
            "summary": "",
            "body": streamfield([("paragraph", rich_text("<p>正文</p>"))]),
            "attachments": inline_formset([]),
        }
    )
    if publish:
        data["action-publish"] = "publish"
    return client.post(f"/admin/pages/add/notices/policypage/{parent.pk}/", data)


def publish_edit(client, page):
    data = nested_form_data(
        {
            "title": page.title + "（修改）",
            "slug": page.slug,
            "issuing_body": page.issuing_body,
            "document_number": page.document_number,
            "issue_date": "",
            "summary": "",
            "body": streamfield([]),
            "attachments": inline_formset([]),
        }
    )
    data["action-publish"] = "publish"
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def test_a_district_admin_publishes_in_its_own_district(policies, huangpu, district_admin, login):
    client = login(district_admin(huangpu))
    response = add_policy(client, folder(policies, huangpu), "黄浦区通知")
    assert response.status_code == 302
    page = PolicyPage.objects.get(title="黄浦区通知")
    assert page.live
    assert (page.level, page.district) == (NoticeLevel.DISTRICT, huangpu)


def test_a_district_admin_cannot_add_a_city_notice(policies, huangpu, district_admin, login):
    client = login(district_admin(huangpu))
    response = add_policy(client, policies, "冒充市级通知")
    assert response.status_code in (302, 403)
    assert not PolicyPage.objects.filter(title="冒充市级通知").exists()


def test_a_district_admin_cannot_publish_changes_to_a_city_notice(
    policies, huangpu, district_admin, login
):
    notice = make_notice(policies, title="市级通知")
    user = district_admin(huangpu)
    assert not notice.permissions_for_user(user).can_publish()
    publish_edit(login(user), notice)
    notice.refresh_from_db()
    assert notice.title == "市级通知"
    assert not notice.has_unpublished_changes


def test_a_district_admin_cannot_publish_in_another_district(
    policies, huangpu, xuhui, district_admin, login
):
    district_admin(xuhui)  # Xuhui's folder exists once Xuhui has an admin
    xuhui_notice = make_notice(folder(policies, xuhui), title="徐汇区通知")
    user = district_admin(huangpu)
    assert not xuhui_notice.permissions_for_user(user).can_publish()
    client = login(user)
    add_policy(client, folder(policies, xuhui), "黄浦写进徐汇")
    publish_edit(client, xuhui_notice)
    assert not PolicyPage.objects.filter(title="黄浦写进徐汇").exists()
    xuhui_notice.refresh_from_db()
    assert xuhui_notice.title == "徐汇区通知"


def test_a_city_admin_publishes_city_and_district_notices(
    policies, huangpu, district_admin, user_with_role, login
):
    district_admin(huangpu)
    city_admin = user_with_role(Role.CITY_ADMIN)
    client = login(city_admin)
    assert add_policy(client, policies, "市级新通知").status_code == 302
    assert add_policy(client, folder(policies, huangpu), "市里代发区级").status_code == 302
    city = PolicyPage.objects.get(title="市级新通知")
    assert city.live and city.level == NoticeLevel.CITY and city.district is None
    assert PolicyPage.objects.get(title="市里代发区级").district == huangpu
    district_notice = make_notice(folder(policies, huangpu), title="区级旧通知")
    assert district_notice.permissions_for_user(city_admin).can_publish()


def test_level_and_district_follow_the_place_in_the_tree_not_the_form(
    policies, huangpu, district_admin
):
    district_admin(huangpu)
    page = make_notice(folder(policies, huangpu), level=NoticeLevel.CITY, title="自称市级")
    assert (page.level, page.district) == (NoticeLevel.DISTRICT, huangpu)
    city = make_notice(policies, level=NoticeLevel.DISTRICT, district=huangpu, title="自称区级")
    assert (city.level, city.district) == (NoticeLevel.CITY, None)


def test_moving_a_district_admin_to_another_district_moves_its_publishing_rights(
    policies, huangpu, xuhui, district_admin
):
    user = district_admin(huangpu)
    notice = make_notice(folder(policies, huangpu), title="黄浦区通知")
    assert notice.permissions_for_user(user).can_publish()
    account = user.account
    account.district = xuhui
    account.save()
    user = type(user).objects.get(pk=user.pk)  # fresh permission caches
    assert not notice.permissions_for_user(user).can_publish()
    assert (
        make_notice(folder(policies, xuhui), title="徐汇").permissions_for_user(user).can_publish()
    )


def test_an_editor_submits_for_review_and_the_district_group_approves(
    policies, huangpu, district_admin, login, user_with_role
):
    from django.contrib.auth.models import Group

    from notices.permissions import EDITOR_GROUP

    approver = district_admin(huangpu)
    editor = user_with_role(Role.EXPERT)  # any account; the editor group gives the rights
    editor.groups.add(Group.objects.get(name=EDITOR_GROUP))
    parent = folder(policies, huangpu)
    notice = make_notice(parent, publish=False, title="待审核通知")
    assert not notice.permissions_for_user(editor).can_publish()
    workflow = notice.get_workflow()
    assert workflow is not None and "黄浦" in workflow.name
    state = workflow.start(notice, editor)
    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.user_can_access_editor(notice, approver)
    task.on_action(task_state, approver, "approve")
    notice.refresh_from_db()
    assert notice.live
