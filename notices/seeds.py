"""The five source documents shipped in notices/data/seeds/, turned into notice pages.

Metadata that the text itself states (issuing body, document number, date) is
recorded here as read from each document; where a document states none, the
field stays empty rather than being guessed.
"""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.html import escape

SEED_DIR = Path(__file__).resolve().parent / "data" / "seeds"


@dataclass(frozen=True)
class SeedNotice:
    file: str
    kind: str  # "policy" or "announcement"
    title: str
    issuing_body: str
    document_number: str
    issue_date: datetime.date | None
    slug: str
    # The first line of the body, after the document's own letterhead and title.
    body_starts_with: str


SEED_NOTICES = [
    SeedNotice(
        "000_49d0ad87ef5f17a9.txt",
        "announcement",
        "关于开展2021年度上海市承接政府购买服务社会组织推荐目录工作的通知",
        "上海市社会组织服务中心",
        "沪社服发〔2021〕5号",
        datetime.date(2021, 6, 24),
        "directory-2021-call",
        "各区民政局、市民政局相关处室、全市各社会组织：",
    ),
    SeedNotice(
        "001_9e798e41ebe6df24.txt",
        "policy",
        "上海市政府购买社会组织服务供需对接平台管理和使用办法（试行）",
        "上海市民政局",  # art. 19: 本办法由上海市民政局负责解释
        "",
        None,
        "platform-rules",
        "第一章  总 则",
    ),
    SeedNotice(
        "002_fdb47a914eef7539.txt",
        "policy",
        "上海市民政局关于印发《上海市高质量发展社区社会组织专项行动实施方案》的通知",
        "上海市民政局",
        "沪民社管发〔2021〕3号",
        datetime.date(2021, 9, 24),
        "community-organizations-action-plan",
        "各区民政局：",
    ),
    SeedNotice(
        "003_bc8dc21dd0d2c832.txt",
        "policy",
        "上海市民政局关于加强本市街镇社会组织服务中心建设的指导意见",
        "上海市民政局",
        "沪民社服发〔2024〕1号",
        datetime.date(2024, 11, 29),
        "street-service-centres",
        "各区民政局：",
    ),
    SeedNotice(
        "004_bf9c1e3e889dddf4.txt",
        "policy",
        "关于积极推行政府购买服务加强基层社会救助服务能力的实施意见",
        # Addressed to the districts' civil-affairs, staffing, finance and HR
        # bureaus, so issued by their four city counterparts.
        "上海市民政局、上海市机构编制委员会办公室、上海市财政局、上海市人力资源和社会保障局",
        "",
        None,
        "social-assistance-purchasing",
        "各区民政局、编办、财政局、人力资源和社会保障局：",
    ),
]

HEADING = re.compile(
    r"^(第[一二三四五六七八九十]+章|[一二三四五六七八九十]+、|附件\s*\d+$"
    r"|第[一二三四五六七八九十]+条\s*[（(][^）)]+[)）]$|[（(][一二三四五六七八九十]+[)）]|\d+、|●)"
)
SENTENCE_END = tuple("。；：！？;")
# A closing bracket or quote ends a paragraph only where the text leaves a blank line.
WEAK_END = tuple("）)」”")


def body_blocks(seed: SeedNotice) -> list[tuple[str, object]]:
    """The document's text as (block type, value) pairs: headings, paragraphs and tables.

    The texts were extracted from PDFs, which break lines inside sentences; a
    line that does not end a sentence is joined with the next. Runs of
    tab-separated lines are the document's tables (附件1's taxonomy, 附件4's
    screens): a table is a list of rows, its first row the header, the header
    repeated at page breaks dropped.
    """
    text = (SEED_DIR / seed.file).read_text(encoding="utf-8")
    start = text.find(seed.body_starts_with)
    raw_lines = text[start if start >= 0 else 0 :].splitlines()
    blocks: list[tuple[str, object]] = []
    buffer = ""
    table: list[list[str]] = []

    def flush_paragraph():
        nonlocal buffer
        if buffer:
            blocks.append(("paragraph", buffer))
            buffer = ""

    def flush_table():
        nonlocal table
        if table:
            width = max(len(row) for row in table)
            blocks.append(("table", [row + [""] * (width - len(row)) for row in table]))
            table = []

    for index, raw in enumerate(raw_lines):
        line = raw.strip()
        if not line:
            continue
        if "\t" in raw.strip(" \u3000\r"):
            flush_paragraph()
            row = [cell.strip() for cell in raw.rstrip(" \r").split("\t")]
            if not table or row != table[0]:
                table.append(row)
            continue
        flush_table()
        if HEADING.match(line) and len(line) <= 40:
            flush_paragraph()
            blocks.append(("heading", line))
            continue
        buffer += line
        followed_by_blank = index + 1 >= len(raw_lines) or not raw_lines[index + 1].strip()
        if buffer.endswith(SENTENCE_END) or (buffer.endswith(WEAK_END) and followed_by_blank):
            flush_paragraph()
    flush_table()
    flush_paragraph()
    return blocks


# A web address in angle brackets (as the PDFs' text has them), or a bare one up to the
# first character that cannot end it in a Chinese sentence.
URL = re.compile(r"<(https?://[^<>\s]+)>|(https?://[A-Za-z0-9._~:/?#@!$&'*+=%-]+)")


def paragraph_html(text: str) -> str:
    """A paragraph as rich text: escaped, with its web addresses as links."""

    parts, last = [], 0
    for match in URL.finditer(text):
        parts.append(escape(text[last : match.start()]))
        url = match.group(1) or match.group(2)
        parts.append(f'<a href="{escape(url)}">{escape(url)}</a>')
        last = match.end()
    parts.append(escape(text[last:]))
    return f"<p>{''.join(parts)}</p>"


def stream_value(kind: str, value) -> dict:
    """One block of NoticeBody's stream, from a (block type, value) pair of body_blocks."""
    if kind == "heading":
        return {"type": "heading", "value": value}
    if kind == "table":
        return {
            "type": "table",
            "value": {
                "data": value,
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "",
            },
        }
    return {"type": "paragraph", "value": paragraph_html(value)}
