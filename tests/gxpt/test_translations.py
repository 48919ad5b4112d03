"""Our zh-hans catalog: compiled, in effect, and covering every Wagtail string we install."""

from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_committed_mo_file_is_compiled_from_the_po_file(domain):
    po = polib.pofile(str(LOCALE / f"{domain}.po"))
    mo = {(e.msgctxt, e.msgid): e for e in polib.mofile(str(LOCALE / f"{domain}.mo"))}
    for entry in po.translated_entries():
        compiled = mo.get((entry.msgctxt, entry.msgid))
        assert compiled is not None, f"{entry.msgid!r} missing from {domain}.mo: run compilemessages"
        if entry.msgid_plural:
            assert compiled.msgstr_plural[0] == entry.msgstr_plural[0]
        else:
            assert compiled.msgstr == entry.msgstr, entry.msgid


def test_our_translations_win_over_wagtails():
    with translation.override("zh-hans"):
        assert translation.gettext("Sign in to Wagtail") == "登录供需对接平台"
        assert translation.gettext("Search all pages…") == "搜索全部页面…"
        assert translation.gettext("Go to the first error") == "跳到第一处错误"
        assert translation.gettext("Page types usage") == "页面类型使用情况"
        assert "updated and published" not in translation.gettext(
            "%(model_name)s '%(object)s' updated and published."
        )


def test_every_wagtail_string_of_an_installed_app_has_a_chinese_translation():
    """Upstream's zh_Hans catalog or ours: no Wagtail string falls back to English."""
    missing = []
    for config in apps.get_app_configs():
        if not config.name.startswith("wagtail"):
            continue
        english = Path(config.path) / "locale" / "en" / "LC_MESSAGES"
        for source in english.glob("*.po"):
            upstream = Path(str(source).replace("/en/", "/zh_Hans/"))
            translated = {
                (e.msgctxt, e.msgid) for e in polib.pofile(str(upstream)) if e.translated()
            } if upstream.exists() else set()
            ours = {(e.msgctxt, e.msgid) for e in polib.pofile(str(LOCALE / source.name))}
            for entry in polib.pofile(str(source)):
                key = (entry.msgctxt, entry.msgid)
                if not entry.obsolete and key not in translated and key not in ours:
                    missing.append(f"{config.name}: {entry.msgid[:60]!r}")
    assert not missing, "\n".join(missing[:40])
