"""The public site's frame: Chinese error pages, the footer's filings, the site map, 长者模式."""

import pytest
from django.test import RequestFactory, override_settings
from django.views.defaults import server_error

from catalog.money import wan, yuan

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_the_chinese_404_page_in_the_site_layout(client):
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "您访问的页面不存在" in page and "网站地图" in page
    assert 'class="site-header"' in page and "Not Found" not in page


@override_settings(DEBUG=False)
def test_a_server_error_gets_the_chinese_500_page_without_touching_the_database(
    django_assert_num_queries,
):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "系统暂时无法处理您的请求" in page and "962200" in page and "Server Error" not in page


@override_settings(
    GXPT_SITE_FILINGS={"site_code": "3100000099", "icp": "沪ICP备12345678号", "psb": "沪公网安备 31010102000001号", "psb_code": "31010102000001"}
)
def test_the_footer_shows_the_configured_filings(client):
    page = client.get("/").content.decode()
    assert "网站标识码：3100000099" in page
    assert "沪ICP备12345678号" in page and "https://beian.miit.gov.cn/" in page
    assert "沪公网安备 31010102000001号" in page and "code=31010102000001" in page


@override_settings(GXPT_SITE_FILINGS={"site_code": "", "icp": "", "psb": "", "psb_code": ""})
def test_unset_filings_are_left_out(client):
    page = client.get("/").content.decode()
    assert "网站标识码" not in page and "ICP备" not in page


def test_there_is_no_language_switch_and_the_page_says_it_is_chinese(client):
    page = client.get("/").content.decode()
    assert '<html lang="zh-CN"' in page
    assert "set_language" not in page and "English" not in page and "英语" not in page


def test_the_site_map_lists_every_section(client):
    page = client.get("/sitemap/").content.decode()
    for title in ["我要购买服务", "我要提供服务", "推荐目录", "政策法规", "公示公告", "资料下载", "友情链接", "留言区"]:
        assert f">{title}</a>" in page, title
    assert "/search/" in page


def test_the_elderly_mode_is_rendered_from_its_cookie(client):
    assert 'class="elderly"' not in client.get("/").content.decode()
    client.cookies["gxpt_elderly"] = "1"
    page = client.get("/").content.decode()
    assert '<html lang="zh-CN" class="elderly"' in page and 'aria-pressed="true"' in page


@pytest.mark.parametrize(
    ("amount", "as_yuan", "as_wan"),
    [
        (150000, "¥150,000", "15 万元"),
        ("12345.50", "¥12,345.50", "1.23 万元"),
        (125000, "¥125,000", "12.5 万元"),
        (9800, "¥9,800", "9,800 元"),
        (None, "—", "—"),
    ],
)
def test_amounts_read_as_yuan_and_wan(amount, as_yuan, as_wan):
    assert yuan(amount) == as_yuan and wan(amount) == as_wan
