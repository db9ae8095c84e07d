import { describe, expect, it } from "vitest";
import { AWS_CAPABILITIES, supportedBy, type TargetCapabilities } from "./features";

const bare: TargetCapabilities = { features: [], runtimes: ["nodejs22.x"] };

describe("supportedBy", () => {
  it("is supported when the target has the runtime and every feature", () => {
    expect(supportedBy({ runtime: "nodejs22.x", requires: [] }, bare)).toEqual({
      supported: true,
      missing: [],
    });
    expect(
      supportedBy(
        { runtime: "python3.13", requires: ["file-system", "database-proxy"] },
        AWS_CAPABILITIES,
      ).supported,
    ).toBe(true);
  });

  it("lists each missing feature and a missing runtime", () => {
    const s = supportedBy({ runtime: "python3.13", requires: ["file-system", "sdk-invoke"] }, bare);
    expect(s.supported).toBe(false);
    expect(s.missing.map((m) => m.requirement)).toEqual([
      "runtime:python3.13",
      "file-system",
      "sdk-invoke",
    ]);
    expect(s.missing[1]?.description).toMatch(/mounted/);
  });
});
