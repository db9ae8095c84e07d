import { describe, expect, it } from "vitest";
import { Violations, violationText } from "./constraints";

describe("Violations words messages as AWS's request validation does", () => {
  it("nothing violated: no message", () => {
    expect(new Violations().message()).toBeUndefined();
  });

  it("one violation: '1 validation error detected'", () => {
    expect(new Violations().range(0, "timeout", { min: 1, max: 900 }).message()).toBe(
      "1 validation error detected: Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it("several: counted, joined with '; ', in the order collected", () => {
    const v = new Violations()
      .text("x".repeat(5), "name", { max: 4, pattern: "[a-w]+" })
      .enumOf("sideways", "mode", ["Text", "JSON"]);
    expect(v.message()).toBe(
      "3 validation errors detected: " +
        "Value 'xxxxx' at 'name' failed to satisfy constraint: Member must have length less than or equal to 4; " +
        "Value 'xxxxx' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-w]+; " +
        "Value 'sideways' at 'mode' failed to satisfy constraint: Member must satisfy enum value set: [Text, JSON]",
    );
  });

  it("null is unquoted, lists are shown as AWS (Java) shows them", () => {
    expect(
      violationText({ value: null, field: "role", constraint: "Member must not be null" }),
    ).toBe("Value null at 'role' failed to satisfy constraint: Member must not be null");
    expect(
      violationText({ value: ["x86_64", "arm64"], field: "architectures", constraint: "c" }),
    ).toBe("Value '[x86_64, arm64]' at 'architectures' failed to satisfy constraint: c");
  });
});
