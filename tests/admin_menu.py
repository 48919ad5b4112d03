"""Read the Wagtail admin sidebar the way a user sees it: the labels of its menu items."""

import json
import re

SIDEBAR = re.compile(
    r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', re.S
)
IGNORED = {"帮助", "Help", "帐号", "账号", "Account"}  # present for everyone


def menu_labels(client) -> set[str]:
    response = client.get("/admin/")
    assert response.status_code == 200, response.status_code
    props = json.loads(SIDEBAR.search(response.content.decode()).group(1))
    labels: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            args = node.get("_args")
            if (
                node.get("_type", "").endswith(
                    ("LinkMenuItem", "SubMenuItem", "PageExplorerMenuItem")
                )
                and args
            ):
                label = args[0].get("label")
                if label in IGNORED:
                    return
                labels.add(label)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(props)
    return labels
