"""A user of each role sees exactly the admin menus of that role."""

import pytest

from accounts.roles import Role
from tests.admin_menu import menu_labels

pytestmark = pytest.mark.django_db

CATALOG = "供需管理"
# Wagtail's page reports come with page permissions.
PAGE_REPORTS = {
    "报告",
    "已锁定的页面",
    "工作流",
    "工作流任务",
    "网站历史",
    "较早的页面",
    "页面类型使用情况",
}
INBOX = "消息"
IMPORT = "批量导入"
EXPECTED = {
    Role.PROVIDER: {CATALOG, "服务项目", "社会组织", IMPORT, INBOX},
    Role.PURCHASER: {CATALOG, "需求项目", "购买主体", IMPORT, INBOX},
    Role.DISTRICT_ADMIN: {
        CATALOG,
        "需求项目",
        "服务项目",
        "社会组织",
        "购买主体",
        "年度检查",
        IMPORT,
        INBOX,
        "设置",
        "用户",
    },
    Role.CITY_ADMIN: {
        "页面",
        *PAGE_REPORTS,
        CATALOG,
        "需求项目",
        "服务项目",
        "社会组织",
        "购买主体",
        "年度检查",
        "业务领域",
        "区",
        IMPORT,
        INBOX,
        "设置",
        "用户",
    },
    Role.MONITOR: {CATALOG, "需求项目", "服务项目", "社会组织", "购买主体", "年度检查", INBOX},
    Role.EXPERT: {INBOX},
}


# The nominations' menus (推荐目录 group), per role.
NOMINATIONS = "推荐目录"
EXPECTED[Role.PROVIDER] |= {NOMINATIONS, "推荐目录申报"}
EXPECTED[Role.DISTRICT_ADMIN] |= {NOMINATIONS, "推荐目录申报", "区级推荐汇总表"}
EXPECTED[Role.CITY_ADMIN] |= {
    NOMINATIONS,
    "推荐目录申报",
    "推荐轮次",
    "区级推荐汇总表",
    "专家复审",
    "公示异议",
}
EXPECTED[Role.MONITOR] |= {NOMINATIONS, "推荐目录申报", "专家复审"}
EXPECTED[Role.EXPERT] |= {NOMINATIONS, "专家复审"}
MONITORING = "内容监测"
EXPECTED[Role.PROVIDER] |= {MONITORING, "监测标记"}
EXPECTED[Role.PURCHASER] |= {MONITORING, "监测标记"}
EXPECTED[Role.DISTRICT_ADMIN] |= {MONITORING, "监测标记", "统计分析"}
EXPECTED[Role.CITY_ADMIN] |= {MONITORING, "监测标记", "留言管理", "统计分析"}
EXPECTED[Role.MONITOR] |= {MONITORING, "监测标记", "留言管理", "统计分析"}
# --- branch objection: objections and credit repair (the publishers lodge, the district
# reads its own, the centre and the city answer) ---
OBJECTIONS = "异议与信用修复"
for _role in (Role.PROVIDER, Role.PURCHASER, Role.DISTRICT_ADMIN, Role.CITY_ADMIN, Role.MONITOR):
    EXPECTED[_role] |= {OBJECTIONS}
# --- end branch objection ---
# Notices: city admins and district admins (their district's folders) publish pages
# and upload documents (attachments, downloads).
EXPECTED[Role.DISTRICT_ADMIN] |= {"页面", *PAGE_REPORTS, "文档"}
EXPECTED[Role.CITY_ADMIN] |= {"文档"}
# Search: the dictionary for city admins, the analytics for them and the service centre.
SEARCH = "全文检索"
EXPECTED[Role.CITY_ADMIN] |= {SEARCH, "同义词", "检索统计", "结果点击"}
EXPECTED[Role.MONITOR] |= {SEARCH, "检索统计", "结果点击"}
# The audit trail: city admins (everything) and district admins (their district's).
EXPECTED[Role.CITY_ADMIN] |= {"安全审计"}
EXPECTED[Role.DISTRICT_ADMIN] |= {"安全审计"}
# Matching (issue 16): everyone signed in follows records and saves searches; the
# suitable providers of demand listings (for a provider: the demands that fit it), for
# every role but the expert.
for _role in EXPECTED:
    EXPECTED[_role] |= {"我的关注", "我的订阅"} | ({"匹配推荐"} if _role != Role.EXPERT else set())


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_only_its_menus(role, user_with_role, login):
    labels = menu_labels(login(user_with_role(role)))
    assert labels == EXPECTED[role]


def test_a_user_without_an_account_cannot_enter_the_admin(client, db):
    from catalog.factories import UserFactory

    client.force_login(UserFactory(), backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.PURCHASER, Role.EXPERT, Role.MONITOR])
def test_roles_that_do_not_issue_accounts_cannot_open_the_user_screens(role, user_with_role, login):
    client = login(user_with_role(role))
    assert client.get("/admin/users/").status_code in (302, 403)
    assert client.get("/admin/users/new/").status_code in (302, 403)
