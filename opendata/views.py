"""Public pages of the open data: the download page, the field description, the stored files.

/open-data/ lists the files of the last daily build (their manifests), the feeds and the API;
/open-data/fields/ describes every field of every file (opendata.fields, the lists the files
are written from) and the OCDS mapping; /open-data/files/<name> serves a file the manifests
list, from the default storage, and nothing else.
"""

import mimetypes

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import downloads, ocds
from .fields import DEMAND_FIELDS, DIRECTORY_FIELDS, SUPPLY_FIELDS, TYPE_LABELS
from .writers import CONTENT_TYPES

DATASET_TITLES = {
    "ocds": "需求项目（OCDS 1.1）",
    "demand": "需求项目",
    "supply": "服务项目",
    "directory": "推荐目录",
}
FORMAT_LABELS = {"csv": "CSV", "xlsx": "Excel（XLSX）", "json": "JSON"}


def _size(size: int) -> str:
    for unit in ("字节", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "字节" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


@require_GET
def index(request):
    datasets = []
    for manifest in downloads.manifests():
        files = [
            {
                **built,
                "url": downloads.file_url(built["name"]),
                "format_label": FORMAT_LABELS.get(built["fmt"], built["fmt"]),
                "size_label": _size(built["size"]),
            }
            for built in manifest.get("files", [])
        ]
        datasets.append(
            {
                "key": manifest["dataset"],
                "title": DATASET_TITLES.get(manifest["dataset"], manifest["dataset"]),
                "generated_at": manifest.get("generated_at", "")[:16].replace("T", " "),
                "files": files,
            }
        )
    return render(request, "opendata/index.html", {"datasets": datasets})


def _described(fields):
    return [
        {"key": f.key, "label": f.label, "type": TYPE_LABELS[f.kind], "description": f.description}
        for f in fields
    ]


@require_GET
def field_description(request):
    tables = [
        ("demand", "需求项目（demand-listings.csv / .xlsx / .json）", _described(DEMAND_FIELDS)),
        ("supply", "服务项目（supply-listings.csv / .xlsx / .json）", _described(SUPPLY_FIELDS)),
        (
            "directory",
            "推荐目录（directory-<年度>.csv / .xlsx / .json）",
            _described(DIRECTORY_FIELDS),
        ),
    ]
    return render(
        request,
        "opendata/fields.html",
        {"tables": tables, "ocid_prefix": ocds.ocid_prefix(), "mapping": OCDS_MAPPING},
    )


# (our field or state, OCDS field, how) — shown on the field page and in docs/opendata.md.
OCDS_MAPPING = [
    ("需求项目编号", "ocid", "ocid 前缀 + “-” + 编号，长期不变"),
    ("最近发布时间", "id、date", "发布标识 = ocid + 最近发布时间；内容公开变更后才改变"),
    ("购买主体", "parties（buyer）、buyer", "标识 purchaser-<编号>"),
    (
        "承接社会组织",
        "parties（supplier）、awards.suppliers",
        "标识 CN-USCI-<统一社会信用代码>，scheme CN-USCI",
    ),
    ("项目名称、项目概述", "tender.title、tender.description", ""),
    (
        "业务领域",
        "tender.items.classification",
        "scheme CN-SH-GXPT-DOMAIN，二级目录序号；一级目录在 additionalClassifications",
    ),
    (
        "预算金额、预算批复日期",
        "tender.value、planning.budget、planning.milestones（approval）",
        "币种 CNY",
    ),
    (
        "购买方式",
        "tender.procurementMethod",
        "公开招标 open、邀请招标 selective、竞争性谈判/磋商 limited、单一来源 direct；中文名在 procurementMethodDetails",
    ),
    ("—", "tender.mainProcurementCategory", "固定为 services"),
    (
        "项目状态",
        "tender.status、tag",
        "拟购买 planned/planning（预算估算在 planning.budget）；已发布 active/tender；已变更 active/tenderAmendment；已取消 cancelled/tenderCancellation；已确定承接主体、已完成绩效评价 complete/award, contract",
    ),
    (
        "合同金额、签约日期、实施期间",
        "awards、contracts（value、dateSigned、period）",
        "合同状态 active；完成绩效评价后 terminated",
    ),
    (
        "绩效评价结果、受益对象满意度、评价日期",
        "contracts.implementation.milestones（assessment）",
        "status met，code 为评价结果（excellent、good、pass、fail），tag 加 implementation",
    ),
]


@require_GET
def stored_file(request, name: str):
    if name not in downloads.published_names():
        raise Http404
    stored = downloads.path(name)
    if not default_storage.exists(stored):
        raise Http404
    fmt = name.rsplit(".", 1)[-1]
    content_type = CONTENT_TYPES.get(fmt) or mimetypes.guess_type(name)[0]
    response = FileResponse(
        default_storage.open(stored, "rb"),
        content_type=content_type,
        as_attachment=True,
        filename=name.replace("/", "-"),
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
