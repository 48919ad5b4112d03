"""Demo data of the notices: the five seed documents as published policy and announcement pages."""

from django.utils.html import escape

from .models import AnnouncementIndexPage, AnnouncementPage, PolicyIndexPage, PolicyPage
from .seeds import SEED_NOTICES, body_blocks


def load(stdout=None) -> dict:
    created = 0
    parents = {
        "policy": (PolicyIndexPage.objects.first(), PolicyPage),
        "announcement": (AnnouncementIndexPage.objects.first(), AnnouncementPage),
    }
    for seed in SEED_NOTICES:
        parent, model = parents[seed.kind]
        if model.objects.filter(slug=seed.slug).exists():
            continue
        body = [
            {"type": kind, "value": text if kind == "heading" else f"<p>{escape(text)}</p>"}
            for kind, text in body_blocks(seed)
        ]
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
        revision = page.save_revision()
        revision.publish()
        created += 1
    return {"notices": created}
