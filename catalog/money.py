"""Amounts of money as people read them: ¥150,000 or 15 万元 (boards, snapshots, templates)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def yuan(value) -> str:
    amount = _decimal(value)
    if amount is None:
        return "—"
    amount = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if amount == amount.to_integral_value():
        return f"¥{int(amount):,}"
    return f"¥{amount:,.2f}"


def wan(value) -> str:
    amount = _decimal(value)
    if amount is None:
        return "—"
    if abs(amount) < 10_000:
        return f"{yuan(amount)[1:]} 元"
    in_wan = (amount / 10_000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    text = f"{in_wan:,f}"
    return f"{text} 万元"
