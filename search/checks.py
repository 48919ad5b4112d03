"""System checks of search: an embedded index left in an older layout by an upgrade.

An index of an older layout is replaced by an empty one on first use (search.backends.
embedded), so until `rebuild_search_index` runs, embedded search finds nothing. This check
says so at `manage.py check` / `migrate` time instead of leaving it to a visitor.
"""

import sqlite3

from django.core.checks import Warning, register

from .backends.embedded import SCHEMA, _path


@register()
def embedded_index_layout(app_configs=None, **kwargs):
    path = _path()
    if not path.exists():
        return []
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            row = conn.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
    except sqlite3.Error:
        return []
    if row is None or row[0] == SCHEMA:
        return []
    return [
        Warning(
            f"内置检索索引 {path} 是旧版结构（{row[0]}，当前 {SCHEMA}），首次使用时将被清空。",
            hint="升级后请运行 manage.py rebuild_search_index。",
            id="search.W001",
        )
    ]
