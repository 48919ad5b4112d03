"""Helpers shared by the rules: text fields of a listing, excerpts, findings from a rule."""

from catalog.checks import Finding

# Free-text fields a visitor reads; contact fields are private and not checked for personal data.
TEXT_FIELDS = {
    "DemandListing": ["title", "summary", "service_targets", "place", "provider_requirements"],
    "SupplyListing": ["title", "summary", "service_targets", "place", "results"],
}


def kind(instance) -> str:
    return type(instance).__name__


def texts(instance):
    """(field name, text) of the listing's free-text fields that are not empty."""
    for name in TEXT_FIELDS.get(kind(instance), []):
        value = getattr(instance, name, "") or ""
        if value.strip():
            yield name, value


def excerpt(
    text: str, start: int, end: int, width: int = 20, replacement: str | None = None
) -> str:
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    middle = text[start:end] if replacement is None else replacement
    return f"{'…' if start > width else ''}{before}【{middle}】{after}{'…' if end + width < len(text) else ''}"


def finding(rule, message, field_name="", excerpt_text="", blocks=False, key="", **extra):
    return Finding(
        rule.code,
        rule.severity,
        message,
        field_name,
        excerpt_text,
        blocks,
        {"key": key or field_name, **extra},
    )
