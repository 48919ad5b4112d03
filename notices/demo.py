"""Demo data of the notices: the five seed documents as published pages, their attachments,
the downloads (forms, a user manual) and the links to official sites. Idempotent."""

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from . import demofiles
from .models import (
    AnnouncementAttachment,
    AnnouncementIndexPage,
    AnnouncementPage,
    DownloadIndexPage,
    DownloadItem,
    LinkIndexPage,
    LinkItem,
    PolicyIndexPage,
    PolicyPage,
)
from .seeds import SEED_NOTICES, body_blocks, stream_value

# (key, title, file name, builder)
FILES = [
    (
        "catalogue",
        "上海市承接政府购买服务社会组织业务领域目录",
        "业务领域目录.xlsx",
        demofiles.service_domain_catalogue,
    ),
    ("form", "购买主体推荐意见表", "购买主体推荐意见表.xlsx", demofiles.recommendation_form),
    (
        "summary",
        "2021年度上海市承接政府购买服务社会组织推荐汇总表",
        "推荐汇总表.xlsx",
        demofiles.summary_table,
    ),
    (
        "manual",
        "上海市政府购买社会组织服务供需对接平台用户手册",
        "供需对接平台用户手册.docx",
        demofiles.user_manual,
    ),
]
# The attachments of 沪社服发〔2021〕5号, in its own order (附件1–4).
CALL_ATTACHMENTS = [
    ("catalogue", "附件1：上海市承接政府购买服务社会组织业务领域目录"),
    ("form", "附件2：购买主体推荐意见表"),
    ("summary", "附件3：2021年度上海市承接政府购买服务社会组织推荐汇总表"),
    ("manual", "附件4：平台操作指引（用户手册）"),
]
DOWNLOADS = [
    ("form", "form", "购买主体推荐意见表", "推荐目录申报时由购买主体填写并盖章，扫描后上传。"),
    ("summary", "form", "推荐汇总表（附件3）", "区民政局汇总本区推荐名单，加盖公章后上传。"),
    (
        "catalogue",
        "document",
        "业务领域目录",
        "服务项目、需求项目和推荐目录使用的两级业务领域分类。",
    ),
    (
        "manual",
        "manual",
        "供需对接平台用户手册",
        "登录、发布服务项目和需求项目、推荐目录申报的操作说明。",
    ),
]
LINKS = [
    ("政府部门", "上海市民政局", "https://mzj.sh.gov.cn/", "本平台主办单位"),
    ("政府部门", "中华人民共和国民政部", "https://www.mca.gov.cn/", ""),
    ("政府部门", "中国上海", "https://www.shanghai.gov.cn/", "上海市人民政府门户网站"),
    ("政府部门", "上海市财政局", "https://czj.sh.gov.cn/", "政府购买服务预算与管理"),
    (
        "业务平台",
        "中国社会组织政务服务平台",
        "https://chinanpo.mca.gov.cn/",
        "全国社会组织信息查询",
    ),
    ("业务平台", "上海政府采购网", "https://www.zfcg.sh.gov.cn/", "政府采购信息发布"),
    ("业务平台", "中国政府采购网", "https://www.ccgp.gov.cn/", ""),
    ("业务平台", "信用中国", "https://www.creditchina.gov.cn/", "严重失信主体名单查询"),
]


def load(stdout=None) -> dict:
    counts = {"notices": load_seed_notices()}
    documents, counts["documents"] = ensure_documents()
    counts["attachments"] = attach_to_call(documents)
    counts["downloads"] = fill_downloads(documents)
    counts["links"] = fill_links()
    return counts


def load_seed_notices() -> int:
    created = 0
    parents = {
        "policy": (PolicyIndexPage.objects.first(), PolicyPage),
        "announcement": (AnnouncementIndexPage.objects.first(), AnnouncementPage),
    }
    for seed in SEED_NOTICES:
        parent, model = parents[seed.kind]
        if model.objects.filter(slug=seed.slug).exists():
            continue
        body = [stream_value(kind, value) for kind, value in body_blocks(seed)]
        page = model(
            title=seed.title,
            slug=seed.slug,
            issuing_body=seed.issuing_body,
            document_number=seed.document_number,
            issue_date=seed.issue_date,
            level="city",
            body=body,
        )
        parent.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    return created


def ensure_documents():
    Document = get_document_model()
    collection = Collection.get_first_root_node()
    documents, created = {}, 0
    for key, title, filename, build in FILES:
        document = Document.objects.filter(title=title).first()
        if document is None:
            document = Document(title=title, collection=collection)
            document.file.save(filename, ContentFile(build()), save=False)
            document._set_document_file_metadata()
            document.save()
            created += 1
        documents[key] = document
    return documents, created


def _publish_with(page, relation, rows) -> int:
    """Add `rows` to the page's inline `relation` and publish it, unless it has some already."""
    manager = getattr(page, relation)
    if manager.exists():
        return 0
    manager.set(rows)
    page.save_revision().publish()
    return len(rows)


def attach_to_call(documents) -> int:
    call = AnnouncementPage.objects.filter(slug="directory-2021-call").first()
    if call is None:
        return 0
    rows = [
        AnnouncementAttachment(document=documents[key], title=title)
        for key, title in CALL_ATTACHMENTS
    ]
    return _publish_with(call, "attachments", rows)


def fill_downloads(documents) -> int:
    page = DownloadIndexPage.objects.first()
    if page is None:
        return 0
    if not page.intro:
        page.intro = "<p>推荐目录申报、项目发布所需的表格模板和平台操作手册。表格请下载后填写，盖章后扫描上传。</p>"
    rows = [
        DownloadItem(document=documents[key], category=category, title=title, description=text)
        for key, category, title, text in DOWNLOADS
    ]
    return _publish_with(page, "items", rows)


def fill_links() -> int:
    page = LinkIndexPage.objects.first()
    if page is None:
        return 0
    rows = [
        LinkItem(group=group, title=title, url=url, description=text)
        for group, title, url, text in LINKS
    ]
    return _publish_with(page, "links", rows)
