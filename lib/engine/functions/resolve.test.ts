import { describe, expect, it } from "vitest";
import { parseFunctionRef } from "./arn";
import { pickAliasVersion } from "./resolve";

describe("pickAliasVersion", () => {
  it("routes by weight", () => {
    let i = 0;
    const seq = () => (i++ % 100) / 100; // 0.00 .. 0.99, evenly
    const counts: Record<string, number> = {};
    for (let n = 0; n < 1000; n++) {
      const v = pickAliasVersion({ functionVersion: "2", routing: { "1": 0.3 } }, seq);
      counts[v] = (counts[v] ?? 0) + 1;
    }
    expect(counts).toEqual({ "1": 300, "2": 700 });
  });

  it("without routing always answers the primary version", () => {
    expect(pickAliasVersion({ functionVersion: "4" }, () => 0)).toBe("4");
  });
});

describe("parseFunctionRef", () => {
  it("accepts names, partial and full ARNs, with qualifiers", () => {
    expect(parseFunctionRef("fn")).toEqual({ name: "fn" });
    expect(parseFunctionRef("fn:live")).toEqual({ name: "fn", qualifier: "live" });
    expect(parseFunctionRef("123456789012:function:fn:3")).toEqual({
      name: "fn",
      qualifier: "3",
      account: "123456789012",
    });
    expect(parseFunctionRef("arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST")).toEqual({
      name: "fn",
      qualifier: "$LATEST",
      region: "us-east-1",
      account: "123456789012",
    });
    expect(parseFunctionRef("fn", "live")).toEqual({ name: "fn", qualifier: "live" });
  });

  it("refuses a qualifier that contradicts the name's", () => {
    expect(() => parseFunctionRef("fn:1", "2")).toThrow(
      "The derived qualifier from the function name does not match the specified qualifier.",
    );
  });
});
