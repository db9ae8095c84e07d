export type DestinationCondition = "Success" | "RetriesExhausted" | "EventAgeExceeded";

export interface DestinationInput {
  requestId: string;
  functionArn: string;
  condition: DestinationCondition;
  approximateInvokeCount: number;
  payload: Buffer;
  result?: { payload: Buffer; functionError?: string; executedVersion: string };
}

/** A payload as JSON when it parses (as Lambda embeds it), else as the raw string. */
function embed(buf: Buffer): unknown {
  const text = buf.toString("utf8");
  if (text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The invocation record Lambda sends to an OnSuccess / OnFailure destination (version 1.0). */
export function buildDestinationRecord(i: DestinationInput): Buffer {
  const record: Record<string, unknown> = {
    version: "1.0",
    timestamp: new Date().toISOString(),
    requestContext: {
      requestId: i.requestId,
      functionArn: i.functionArn,
      condition: i.condition,
      approximateInvokeCount: i.approximateInvokeCount,
    },
    requestPayload: embed(i.payload),
  };
  if (i.result) {
    record.responseContext = {
      statusCode: 200,
      executedVersion: i.result.executedVersion,
      ...(i.result.functionError ? { functionError: i.result.functionError } : {}),
    };
    record.responsePayload = embed(i.result.payload);
  }
  return Buffer.from(JSON.stringify(record));
}

/** "arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]" → name and qualifier; else undefined. */
export function functionDestination(arn: string): { name: string; qualifier?: string } | undefined {
  const m =
    /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:([a-zA-Z0-9-_]+)(?::([a-zA-Z0-9-_$]+))?$/.exec(
      arn,
    );
  if (!m?.[1]) return undefined;
  return m[2] ? { name: m[1], qualifier: m[2] } : { name: m[1] };
}
