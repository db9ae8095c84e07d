/** Lambda's EXTENSION and TELEMETRY lines (Text), or platform.extension / platform.telemetrySubscription (JSON). */

const iso = () => new Date().toISOString();

/** "EXTENSION\tName: x\tState: Ready\tEvents: [INVOKE,SHUTDOWN]" */
export function formatExtensionLine(
  json: boolean,
  name: string,
  state: string,
  events: string[],
  errorType?: string,
): string {
  if (json)
    return JSON.stringify({
      time: iso(),
      type: "platform.extension",
      record: { name, state, events, ...(errorType ? { errorType } : {}) },
    });
  let line = `EXTENSION\tName: ${name}\tState: ${state}\tEvents: [${events.join(",")}]`;
  if (errorType) line += `\tError Type: ${errorType}`;
  return line;
}

/** "TELEMETRY\tName: x\tState: Subscribed\tTypes: [Platform, Function]" */
export function formatTelemetryLine(json: boolean, name: string, types: string[]): string {
  if (json)
    return JSON.stringify({
      time: iso(),
      type: "platform.telemetrySubscription",
      record: { name, state: "Subscribed", types },
    });
  const shown = types.map((t) => t.charAt(0).toUpperCase() + t.slice(1));
  return `TELEMETRY\tName: ${name}\tState: Subscribed\tTypes: [${shown.join(", ")}]`;
}

/** The extensions a log stream's last init registered, parsed back from its EXTENSION lines. */
export interface RegisteredExtension {
  name: string;
  state: string;
  events: string[];
  errorType?: string;
}

export function parseExtensionLine(message: string): RegisteredExtension | undefined {
  const text =
    /^EXTENSION\tName: ([^\t]+)\tState: ([^\t]+)\tEvents: \[([^\]]*)\](?:\tError Type: ([^\t\n]+))?/.exec(
      message,
    );
  if (text)
    return {
      name: text[1] ?? "",
      state: text[2] ?? "",
      events: (text[3] ?? "").split(",").filter(Boolean),
      ...(text[4] ? { errorType: text[4] } : {}),
    };
  if (!message.startsWith("{")) return undefined;
  try {
    const doc = JSON.parse(message) as { type?: string; record?: RegisteredExtension };
    if (doc.type !== "platform.extension" || !doc.record) return undefined;
    return doc.record;
  } catch {
    return undefined;
  }
}
