import { describe, expect, it } from "vitest";
import { ScalingLimiter } from "./scaling";

describe("ScalingLimiter", () => {
  it("allows `rate` new environments per function in any 10 s window", () => {
    const s = new ScalingLimiter(2);
    expect(s.tryStart("f", 0)).toBe(true);
    expect(s.tryStart("f", 1000)).toBe(true);
    expect(s.tryStart("f", 2000)).toBe(false);
    expect(s.tryStart("g", 2000)).toBe(true); // per function
    expect(s.tryStart("f", 10_001)).toBe(true); // the first start left the window
    expect(s.tryStart("f", 10_500)).toBe(false);
  });
});
