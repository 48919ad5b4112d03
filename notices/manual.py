"""The platform's user manual (供需对接平台用户手册): one text for the admin's 帮助 and the download.

Written per role, in the words of the screens: a menu path is written 「一级菜单 → 二级菜单」
and tests/gxpt/test_manual.py checks every such path against the sidebar that role
really sees, so the manual cannot drift from the screens unnoticed. The admin shows a
user the chapters of its own roles (帮助 → 用户手册); 资料下载 offers the whole manual
as a Word document built from the same text (`as_docx`).
"""

import io
import re
from dataclasses import dataclass, field

from docx import Document
from docx.shared import Pt

from accounts.roles import GROUP_NAMES, Role

TITLE = "上海市政府购买社会组织服务供需对接平台用户手册"
MENU_PATH = re.compile(r"「([^「」]+?)」")


@dataclass(frozen=True)
class Section:
    heading: str
    steps: list[str]


@dataclass(frozen=True)
class Chapter:
    title: str
    sections: list[Section]
    role: str | None = None  # None: for everyone
    intro: str = ""
    anchor: str = field(default="")


GENERAL = [
    Chapter(
        "一、平台简介与登录",
        intro=(
            "本平台由上海市民政局主办、上海市社会组织服务中心承办。购买主体（政府部门、街道乡镇）"
            "在此发布拟购买的服务需求，社会组织发布可提供的服务项目，双方在线了解、线下对接；"
            "平台不办理政府采购。市民政局每年在平台上编制《承接政府购买服务社会组织推荐目录》。"
        ),
        anchor="intro",
        sections=[
            Section(
                "登录",
                [
                    "账号由市民政局或所在区民政局发放，不开放自行注册。打开网站右上角的“登录”，"
                    "输入用户名和密码。",
                    "连续多次输错密码，账号将被暂时锁定约15分钟；忘记密码可在登录页点“忘记密码？”"
                    "通过电子邮箱重设，或联系发放账号的管理员。",
                    "首次登录后请在「账号」中修改密码，核对姓名和电子邮箱（接收平台通知）。",
                ],
            ),
            Section(
                "管理后台的布局",
                [
                    "左侧为菜单，只显示您的角色可以使用的功能；右侧为工作区。首页“待办事项”列出"
                    "等待您处理的事项及数量，点击即进入相应的列表。",
                    "列表页可用上方的搜索框和“筛选”缩小范围；点击列标题排序。",
                    "编辑页底部的按钮用于保存草稿或发布；有必填项未填或填写有误时，页面顶部会提示，"
                    "点击“跳到第一处错误”即可定位。",
                    "「消息」是站内通知：审核结果、监测标记、整改要求等都会发到这里，同时发送电子邮件。",
                ],
            ),
            Section(
                "适老化与无障碍",
                [
                    "公众网站右上角的“长者模式”可放大字号、提高对比度，设置会被记住；"
                    "所有页面都可以只用键盘操作（Tab 键移动，回车确认）。",
                ],
            ),
        ],
    ),
]

ROLE_CHAPTERS = [
    Chapter(
        "二、社会组织",
        role=Role.PROVIDER,
        anchor="provider",
        sections=[
            Section(
                "维护本组织信息",
                [
                    "进入「供需管理 → 社会组织」，打开本组织，核对全称、统一社会信用代码、登记机关、"
                    "评估等级和联系方式。统一社会信用代码为18位，平台会校验校验码。",
                    "年检结果、信用记录由登记管理机关维护，如有错误请联系所在区民政局。",
                ],
            ),
            Section(
                "发布服务项目",
                [
                    "进入「供需管理 → 服务项目」，点击“新增服务项目”。填写项目名称、业务领域（选择二级目录，"
                    "可输入编号或名称搜索）、项目概述、服务对象、实施区域和联系方式。",
                    "曾承接政府购买服务的，勾选“曾承接政府购买服务”，并填写购买主体、项目总体金额、"
                    "已实施金额、政府购买或资助金额、实施期限和项目成效。",
                    "编辑页顶部的“信息检查”会提示缺项、疑似个人信息（身份证号、私人手机号）和绝对化用语；"
                    "有阻止发布的问题时需先修改。点击“发布”后项目出现在“我要提供服务”栏目，"
                    "联系方式只对已登录的购买主体和社会组织显示。",
                    "只保存不发布的项目是草稿，只有本组织能看到。不再需要的草稿可在列表中删除。",
                ],
            ),
            Section(
                "批量导入",
                [
                    "项目较多时使用「批量导入」：下载 Excel 模板，按表头填写后上传。金额可写“38万元”"
                    "“￥12.5万”或“380,000”；日期可写“2024-03-01”或直接使用 Excel 日期。",
                    "导入是“全部成功或全部不导入”：任一行有问题时，页面会列出行号、列名和修改方法，"
                    "修改后重新上传即可。",
                ],
            ),
            Section(
                "推荐目录申报",
                [
                    "申报期内进入「推荐目录 → 推荐目录申报」，点击新增，选择1至2个本组织已发布的服务项目"
                    "作为佐证，填写项目成效，上传加盖购买主体公章的《购买主体推荐意见表》（在“资料下载”下载）。",
                    "保存后状态为“已保存”，可继续修改；确认无误后点击“提交”，提交后不能修改。",
                    "被区级退回的申报可修改后再次提交；“不同意”为最终结果，请另选项目申报。"
                    "每一步的意见都记录在申报的“办理记录”中。",
                ],
            ),
            Section(
                "回应监测意见",
                [
                    "市社会组织服务中心发现信息不完整、不及时或疑似虚假时，会在「内容监测 → 监测标记」"
                    "中提出整改要求和期限，并发送消息。请在期限内修改项目并填写情况说明。",
                    "逾期未整改且确认虚假夸大的，将记入本组织的信用记录。",
                ],
            ),
        ],
    ),
    Chapter(
        "三、购买主体",
        role=Role.PURCHASER,
        anchor="purchaser",
        sections=[
            Section(
                "发布服务需求",
                [
                    "进入「供需管理 → 需求项目」，点击“新增需求项目”，填写项目名称、预算金额、业务领域、"
                    "服务对象、对承接主体的资质要求、购买方式和预算批复日期。",
                    "年度购买计划请于每年4月30日前发布；新增项目请于预算批复后20日内发布。",
                    "需求发生变更或取消时，修改“项目状态”并重新发布，公众页面会同步更新。",
                ],
            ),
            Section(
                "补录承接与绩效评价",
                [
                    "选定承接主体后，在需求项目的“承接与绩效评价”中选择承接社会组织（可按名称、"
                    "统一社会信用代码搜索），填写合同金额和签订日期。",
                    "项目结束后补录绩效评价结果和受益对象满意度。评价期已过仍未补录的，"
                    "监测中心会提出整改要求。",
                ],
            ),
            Section(
                "批量导入与监测意见",
                [
                    "多个项目可通过「批量导入」一次上传，规则同社会组织一章。",
                    "监测意见在「内容监测 → 监测标记」中查看和回应。",
                ],
            ),
        ],
    ),
    Chapter(
        "四、区民政局管理员",
        role=Role.DISTRICT_ADMIN,
        anchor="district",
        sections=[
            Section(
                "账号与主体管理",
                [
                    "在「设置 → 用户」中为本区社会组织和购买主体发放账号，并指定其所属组织。",
                    "在「供需管理 → 社会组织」「供需管理 → 购买主体」中维护本区的主体信息，"
                    "在「供需管理 → 年度检查」中录入年检结果。",
                ],
            ),
            Section(
                "推荐目录初审",
                [
                    "进入「推荐目录 → 推荐目录申报」，打开“已提交”的申报，对照页面上的优先条件"
                    "（登记满2年、3A以上、专职社工、近两年年检合格、有政府购买经验）审核，"
                    "填写意见后选择“同意并提交”“退回”或“不同意”。",
                    "初审结束后在「推荐目录 → 区级推荐汇总表」下载本区汇总表（附件3），加盖公章后扫描上传。",
                ],
            ),
            Section(
                "本区公告与统计",
                [
                    "在“页面”中本区的公示公告目录下发布区级公告，提交后经审核发布。",
                    "在「内容监测 → 统计分析」查看本区项目和目录数据，可下载 Excel。",
                ],
            ),
        ],
    ),
    Chapter(
        "五、市民政局管理员",
        role=Role.CITY_ADMIN,
        anchor="city",
        sections=[
            Section(
                "推荐轮次与终审",
                [
                    "每年在「推荐目录 → 推荐轮次」中新建轮次，设定自荐、初审、复审、公示和发布的时间。",
                    "在「推荐目录 → 推荐目录申报」中对区级同意的申报终审，并初审市级登记社会组织的申报。",
                    "专家复审后确定通过名单，发布公示；公示期内的异议在「推荐目录 → 公示异议」中答复，"
                    "公示结束后发布推荐目录。",
                ],
            ),
            Section(
                "基础数据与公告",
                [
                    "「供需管理 → 业务领域」维护两级业务领域目录；「设置 → 用户」管理全部账号。",
                    "在“页面”中发布政策法规和市级公示公告，在「文档」中上传附件和资料。",
                    "「内容监测 → 留言管理」回复公众留言，回复后留言在留言区公开。",
                ],
            ),
        ],
    ),
    Chapter(
        "六、市社会组织服务中心（内容监测）",
        role=Role.MONITOR,
        anchor="monitor",
        sections=[
            Section(
                "处理监测标记",
                [
                    "系统在每次发布和每晚对全部已发布项目运行监测规则，问题进入「内容监测 → 监测标记」；"
                    "公众举报也在这里。首页“待办事项”显示待处理和逾期未整改的数量。",
                    "打开一条标记，查看规则说明、证据和“标记时的内容”，选择“无问题”“要求整改”（设定期限）"
                    "或“暂停公开”；整改期限届满仍未整改且确属虚假夸大的，可“确认虚假”，记入信用记录。",
                ],
            ),
            Section(
                "专家复审与留言",
                [
                    "在「推荐目录 → 专家复审」为申报分配评审专家，查看评分和意见。",
                    "在「内容监测 → 留言管理」回复公众留言；「内容监测 → 统计分析」查看全市统计。",
                ],
            ),
        ],
    ),
    Chapter(
        "七、评审专家",
        role=Role.EXPERT,
        anchor="expert",
        sections=[
            Section(
                "评分",
                [
                    "进入「推荐目录 → 专家复审」，打开分配给您的申报，查看申报材料和信用记录，"
                    "填写评分和评审意见后保存。复审截止后不能再修改。",
                ],
            ),
        ],
    ),
]

CLOSING = Chapter(
    "八、咨询",
    anchor="help",
    sections=[Section("联系我们", ["上海民政服务热线：962200。平台使用问题请联系上海市社会组织服务中心。"])],
)


def all_chapters() -> list[Chapter]:
    return [*GENERAL, *ROLE_CHAPTERS, CLOSING]


def roles_of(user) -> set[str]:
    names = set(user.groups.values_list("name", flat=True))
    return {role for role, name in GROUP_NAMES.items() if name in names}


def chapters_for(user) -> list[Chapter]:
    """The general chapters, then the user's own roles' (a superuser sees every chapter)."""
    if user.is_superuser:
        return all_chapters()
    mine = roles_of(user)
    return [*GENERAL, *[c for c in ROLE_CHAPTERS if c.role in mine], CLOSING]


def menu_paths(chapter: Chapter) -> list[list[str]]:
    """The menu paths a chapter refers to, 「供需管理 → 服务项目」 → ["供需管理", "服务项目"]."""
    paths = []
    for text in [chapter.intro, *(step for s in chapter.sections for step in s.steps)]:
        for quoted in MENU_PATH.findall(text):
            paths.append([part.strip() for part in quoted.split("→")])
    return paths


def as_docx() -> bytes:
    document = Document()
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(TITLE, level=0)
    document.add_paragraph("上海市社会组织服务中心")
    for chapter in all_chapters():
        document.add_heading(chapter.title, level=1)
        if chapter.intro:
            document.add_paragraph(chapter.intro)
        for section in chapter.sections:
            document.add_heading(section.heading, level=2)
            for number, step in enumerate(section.steps, start=1):
                document.add_paragraph(f"{number}. {step}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
