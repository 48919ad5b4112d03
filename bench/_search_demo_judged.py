"""Judgments for the demo corpus (`search_quality.py --corpus demo`), resolved against its records.

Judgments are by intent, written once per query: a service query is answered by
the listings of that service domain (grade 2) and the organizations named for it
(grade 1 or 2); a name query by that organization (2) and its listings (1); a
notice query by that document (2). Variants in traditional characters or
full-width forms share the judgment of their plain form.
"""

# query -> judgment. d2: second-level domain codes (grade 2); d1: first-level (grade 1);
# org: substrings of provider names (grade 2; their supply listings grade 1);
# org1: substrings of provider names (grade 1); notice: substrings of notice titles
# or document numbers (grade 2).
J = dict
JUDGED = {
    "居家照护": J(d2=["2.1"], org1=["乐龄社区养老"]),
    "心理咨询": J(d2=["6.2"], org=["心理咨询"]),
    "垃圾分类": J(d2=["6.6"], org1=["环保"]),
    "困境儿童": J(d2=["4.1"]),
    "失智老人关爱": J(d2=["2.2"]),
    "高龄独居老人": J(d2=["2.3"]),
    "养老设施托管": J(d2=["2.4"]),
    "残疾人康复": J(d2=["3.1"], org1=["助残康复"]),
    "残疾人就业援助": J(d2=["3.3"]),
    "精神障碍": J(d2=["3.4"]),
    "婚姻家庭": J(d2=["4.3"]),
    "社区托幼": J(d2=["4.4"]),
    "居民自治": J(d2=["5.1"]),
    "法律援助": J(d2=["5.2"]),
    "社区矫正": J(d2=["5.4"]),
    "失独家庭": J(d2=["6.1"]),
    "自闭症": J(d2=["6.3"]),
    "社区环保": J(d2=["6.7"], org1=["环保"]),
    "社区营造": J(d2=["6.8"]),
    "临终关怀": J(d2=["7.3"]),
    "防艾宣传": J(d2=["7.2"]),
    "就业创业指导": J(d2=["8.1"]),
    "职业技能培训": J(d2=["8.2"]),
    "志愿者服务管理": J(d2=["10.1"], org1=["志愿者协会"]),
    "社会组织能力建设": J(d2=["10.2"]),
    "绩效评估": J(d2=["10.4"]),
    "专业社工服务": J(d2=["10.6"], org1=["社会工作"]),
    "应急训练": J(d2=["11.1"]),
    "加装电梯": J(d2=["12.2"]),
    "人民调解": J(d2=["12.4"], org=["人民调解"]),
    "物业指导": J(d2=["12.1"]),
    "心晴": J(org=["心晴"]),
    "乐龄": J(org=["乐龄"]),
    "恩派": J(org=["恩派"]),
    "阳光社会工作服务社": J(org=["阳光社会工作服务社"]),
    "上海市老年基金会": J(org=["上海市老年基金会"]),
    "青少年成长服务中心": J(org=["青少年成长服务中心"]),
    "推荐目录": J(notice=["推荐目录"]),
    "供需对接平台管理和使用办法": J(notice=["供需对接平台管理和使用办法"]),
    "沪社服发〔2021〕5号": J(notice=["沪社服发〔2021〕5号"]),
    "社区社会组织专项行动": J(notice=["专项行动"]),
}
VARIANTS = {
    "居家照護": "居家照护",
    "心理諮詢": "心理咨询",
    "垃圾分類": "垃圾分类",
    "臨終關懷": "临终关怀",
    "沪社服发〔２０２１〕５号": "沪社服发〔2021〕5号",
    "恩派　": "恩派",
}


def grades(judgment: dict, docs: list[dict]) -> dict[str, int]:
    found: dict[str, int] = {}

    def give(key, grade):
        found[key] = max(found.get(key, 0), grade)

    for doc in docs:
        kind, title, names = doc["kind"], doc.get("title", ""), doc.get("names") or []
        if kind in ("demand", "supply"):
            if doc.get("domain2") in judgment.get("d2", []):
                give(doc["key"], 2)
            elif doc.get("domain1") in judgment.get("d1", []):
                give(doc["key"], 1)
            if kind == "supply" and any(o in n for o in judgment.get("org", []) for n in names):
                give(doc["key"], 1)
        elif kind == "provider":
            if any(o in title for o in judgment.get("org", [])):
                give(doc["key"], 2)
            elif any(o in title for o in judgment.get("org1", [])):
                give(doc["key"], 1)
        elif any(n in title or n in doc.get("body", "") for n in judgment.get("notice", [])):
            give(doc["key"], 2 if any(n in title for n in judgment["notice"]) else 1)
    return found
