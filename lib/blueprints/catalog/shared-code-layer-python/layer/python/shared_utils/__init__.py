"""Code shared by several functions, shipped as a layer."""


def order_total(items):
    """Sum of price x quantity over an order's items."""
    return sum(float(i.get("price", 0)) * float(i.get("quantity", 1)) for i in items)


def format_money(amount, currency):
    """'USD 37.00'"""
    return f"{currency} {amount:.2f}"
