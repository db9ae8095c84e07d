import { describe, expect, it } from "vitest";
import { findReport, invocationCost, parseReportLine } from "./report";

describe("REPORT lines", () => {
  it("parses a cold-start text REPORT line", () => {
    const r = parseReportLine(
      "REPORT RequestId: 0c4d6e0a-1111-2222-3333-444455556666\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 256 MB\tMax Memory Used: 61 MB\tInit Duration: 150.20 ms\t",
    );
    expect(r).toEqual({
      requestId: "0c4d6e0a-1111-2222-3333-444455556666",
      durationMs: 12.34,
      billedDurationMs: 13,
      memorySizeMb: 256,
      maxMemoryUsedMb: 61,
      initDurationMs: 150.2,
    });
  });

  it("parses the JSON platform.report record and finds the REPORT in a tail", () => {
    const json = JSON.stringify({
      time: "x",
      type: "platform.report",
      record: {
        requestId: "abc",
        status: "timeout",
        metrics: {
          durationMs: 3000,
          billedDurationMs: 3000,
          memorySizeMB: 128,
          maxMemoryUsedMB: 40,
        },
      },
    });
    expect(parseReportLine(json)).toMatchObject({
      requestId: "abc",
      status: "timeout",
      durationMs: 3000,
    });
    const tail =
      "START RequestId: a Version: $LATEST\nhello\nEND RequestId: a\nREPORT RequestId: aa-bb\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 30 MB\t\n";
    expect(findReport(tail)?.requestId).toBe("aa-bb");
    expect(parseReportLine("hello")).toBeUndefined();
  });

  it("prices an invocation at public Lambda rates", () => {
    // 1 GB for 1 s on x86 = $0.0000166667 + $0.0000002 per request.
    expect(invocationCost({ memorySizeMb: 1024, billedDurationMs: 1000 }, "x86_64")).toBeCloseTo(
      0.0000168667,
      12,
    );
    expect(invocationCost({ memorySizeMb: 1024, billedDurationMs: 1000 }, "arm64")).toBeCloseTo(
      0.0000135334,
      12,
    );
  });
});
