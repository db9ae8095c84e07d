import { describe, expect, it } from "vitest";
import { rankItems, type PaletteItem } from "./match";

const item = (label: string): PaletteItem => ({ label, href: `/${label}`, kind: "function" });

describe("command palette ranking", () => {
  it("ranks prefix, word prefix, substring, then fuzzy, and drops non-matches", () => {
    const items = ["billing-report", "orders-api", "api-gateway", "my-api-v2", "zebra"].map(item);
    expect(rankItems(items, "api").map((i) => i.label)).toEqual([
      "api-gateway",
      "orders-api",
      "my-api-v2",
    ]);
    expect(rankItems(items, "brp").map((i) => i.label)).toEqual(["billing-report"]);
    expect(rankItems(items, "").length).toBe(5);
  });
});
