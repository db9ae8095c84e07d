import { describe, expect, it } from "vitest";
import { logSource, parseExtensionLine, parseTelemetryLine } from "./extension-lines";
import { filterBySource } from "@/components/log-viewer/source-filter";

describe("extension log lines", () => {
  it("parses EXTENSION lines in Text and JSON format, with and without an error type", () => {
    expect(
      parseExtensionLine("EXTENSION\tName: x\tState: Ready\tEvents: [INVOKE,SHUTDOWN]"),
    ).toEqual({
      name: "x",
      state: "Ready",
      events: ["INVOKE", "SHUTDOWN"],
    });
    expect(
      parseExtensionLine(
        "EXTENSION\tName: y\tState: InitError\tEvents: []\tError Type: Extension.ConfigInvalid",
      ),
    ).toEqual({ name: "y", state: "InitError", events: [], errorType: "Extension.ConfigInvalid" });
    expect(
      parseExtensionLine(
        JSON.stringify({
          time: "t",
          type: "platform.extension",
          record: { name: "z", state: "Ready", events: ["INVOKE"] },
        }),
      ),
    ).toEqual({ name: "z", state: "Ready", events: ["INVOKE"] });
    expect(parseExtensionLine("EXTENSION is just a word here")).toBeUndefined();
    expect(parseExtensionLine('{"type":"platform.start","record":{}}')).toBeUndefined();
  });

  it("parses TELEMETRY lines", () => {
    expect(
      parseTelemetryLine("TELEMETRY\tName: x\tState: Subscribed\tTypes: [Platform, Function]"),
    ).toEqual({ name: "x", types: ["platform", "function"] });
  });

  it("tells each line's source; extension output only for extensions the log names", () => {
    const names = new Set(["shell-ext"]);
    expect(logSource("START RequestId: 1 Version: $LATEST", names)).toBe("platform");
    expect(logSource("REPORT RequestId: 1\tDuration: 1 ms", names)).toBe("platform");
    expect(logSource('{"time":"t","type":"platform.report","record":{}}', names)).toBe("platform");
    expect(logSource("EXTENSION\tName: shell-ext\tState: Ready\tEvents: []", names)).toBe(
      "extension",
    );
    expect(logSource("TELEMETRY\tName: n\tState: Subscribed\tTypes: [Platform]", names)).toBe(
      "telemetry",
    );
    expect(logSource("[shell-ext] event INVOKE", names)).toBe("extension");
    expect(logSource("[INFO] from the handler", names)).toBe("function");
    expect(logSource("2024-01-01T00:00:00.000Z\tid\tINFO\thello", names)).toBe("function");
  });

  it("filters a page of lines by source, learning the names from its EXTENSION lines", () => {
    const line = (message: string, i: number) => ({
      id: String(i),
      group: "g",
      stream: "s",
      timestamp: i,
      message,
    });
    const lines = [
      "INIT_START Runtime Version: nodejs:20.v1",
      "[node-ext] registered",
      "EXTENSION\tName: node-ext\tState: Ready\tEvents: [INVOKE]",
      "START RequestId: r Version: $LATEST",
      "hello from the function",
    ].map(line);
    expect(filterBySource(lines, "extension").map((l) => l.message)).toEqual([
      "[node-ext] registered",
      "EXTENSION\tName: node-ext\tState: Ready\tEvents: [INVOKE]",
    ]);
    expect(filterBySource(lines, "function").map((l) => l.message)).toEqual([
      "hello from the function",
    ]);
    expect(filterBySource(lines, "")).toHaveLength(5);
  });
});
