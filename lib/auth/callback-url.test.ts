import { describe, expect, it } from "vitest";
import { toSafeCallback } from "./callback-url";

describe("toSafeCallback", () => {
  it("keeps same-site paths and only the path of absolute URLs", () => {
    expect(toSafeCallback("/functions?x=1#t")).toBe("/functions?x=1#t");
    expect(toSafeCallback("http://localhost:3000/functions")).toBe("/functions");
    expect(toSafeCallback("https://evil.example/steal")).toBe("/steal");
  });

  it("never returns a protocol-relative or foreign URL", () => {
    for (const bad of [
      "//evil.example/x",
      "/\\evil.example",
      "javascript:alert(1)",
      "",
      undefined,
      42,
    ]) {
      const out = toSafeCallback(bad);
      expect(out.startsWith("/"), String(bad)).toBe(true);
      expect(out.startsWith("//"), String(bad)).toBe(false);
    }
  });
});
