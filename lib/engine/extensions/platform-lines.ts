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
