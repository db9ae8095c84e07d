// Input: an order in a partner's snake_case format. Output: our camelCase order with totals.
const currency = process.env.CURRENCY ?? "USD";
const taxRate = Number(process.env.TAX_RATE ?? "0");

// Money is summed in cents and rounded once, so 0.1 + 0.2 style errors never reach the output.
const toUnits = (cents) => Math.round(cents) / 100;

function dropEmpty(obj) {
  return Object.fromEntries(
    Object.entries(obj).filter(([, v]) => v !== null && v !== undefined && v !== ""),
  );
}

export const handler = async (event) => {
  if (!event || typeof event.order_id !== "string" || !Array.isArray(event.lines)) {
    throw new Error("expected an order with order_id and lines[]");
  }
  const c = event.customer ?? {};
  const items = event.lines.map((l) => ({
    sku: String(l.sku),
    quantity: Number(l.qty),
    unitPrice: toUnits(l.unit_price_cents),
    lineTotal: toUnits(l.unit_price_cents * l.qty),
  }));
  const netCents = event.lines.reduce((sum, l) => sum + l.unit_price_cents * l.qty, 0);
  const taxCents = Math.round(netCents * taxRate);
  return {
    orderId: event.order_id,
    customer: dropEmpty({
      name: [c.first_name, c.last_name]
        .map((s) => (s ?? "").trim())
        .filter(Boolean)
        .join(" "),
      email: c.email?.trim().toLowerCase(),
      phone: c.phone,
    }),
    items,
    totals: {
      currency,
      net: toUnits(netCents),
      tax: toUnits(taxCents),
      gross: toUnits(netCents + taxCents),
    },
    createdAt: new Date(event.created).toISOString(),
  };
};
