import { describe, expect, it } from "vitest";
import { billedMs, formatEnd, formatReport, formatStart } from "./platform-lines";

describe("platform lines", () => {
  it("formats START, END and REPORT exactly as Lambda's Text format", () => {
    expect(formatStart(false, "id-1", "$LATEST")).toBe("START RequestId: id-1 Version: $LATEST");
    expect(formatEnd(false, "id-1")).toBe("END RequestId: id-1");
    expect(
      formatReport(false, {
        requestId: "id-1",
        durationMs: 1.234,
        memorySizeMb: 128,
        maxMemoryUsedMb: 45,
        initDurationMs: 123.456,
      }),
    ).toBe(
      "REPORT RequestId: id-1\tDuration: 1.23 ms\tBilled Duration: 125 ms\tMemory Size: 128 MB\tMax Memory Used: 45 MB\tInit Duration: 123.46 ms\t",
    );
    expect(
      formatReport(false, {
        requestId: "id-2",
        durationMs: 0.4,
        memorySizeMb: 256,
        maxMemoryUsedMb: 50,
      }),
    ).toBe(
      "REPORT RequestId: id-2\tDuration: 0.40 ms\tBilled Duration: 1 ms\tMemory Size: 256 MB\tMax Memory Used: 50 MB\t",
    );
  });

  it("adds Status and Error Type for platform failures", () => {
    const line = formatReport(false, {
      requestId: "x",
      durationMs: 3000,
      memorySizeMb: 128,
      maxMemoryUsedMb: 128,
      status: "error",
      errorType: "Runtime.OutOfMemory",
    });
    expect(line.endsWith("\tStatus: error\tError Type: Runtime.OutOfMemory\t")).toBe(true);
  });

  it("bills whole milliseconds, init included", () => {
    expect(billedMs({ durationMs: 10.01 })).toBe(11);
    expect(billedMs({ durationMs: 10, initDurationMs: 100.5 })).toBe(111);
  });

  it("writes JSON platform records when asked", () => {
    const doc = JSON.parse(
      formatReport(true, {
        requestId: "r",
        durationMs: 2.5,
        memorySizeMb: 128,
        maxMemoryUsedMb: 40,
      }),
    ) as { type: string; record: { metrics: Record<string, number> } };
    expect(doc.type).toBe("platform.report");
    expect(doc.record.metrics).toEqual({
      durationMs: 2.5,
      billedDurationMs: 3,
      memorySizeMB: 128,
      maxMemoryUsedMB: 40,
    });
  });
});
