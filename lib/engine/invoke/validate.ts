import { AwsError } from "../errors/aws-error";

import { MAX_ASYNC_PAYLOAD, MAX_SYNC_PAYLOAD } from "../http/payload-limits";

const tooLarge = (limit: number, op: string) =>
  new AwsError(
    413,
    "RequestEntityTooLargeException",
    `Request must be smaller than ${limit} bytes for the ${op} operation`,
    "message",
  );

/** Size and JSON checks of an Invoke payload; an empty payload is delivered as {}. */
export function validateInvokePayload(payload: Buffer, type: string): Buffer {
  if (type === "Event" && payload.length > MAX_ASYNC_PAYLOAD)
    throw tooLarge(MAX_ASYNC_PAYLOAD, "InvokeAsync");
  if (payload.length > MAX_SYNC_PAYLOAD) throw tooLarge(MAX_SYNC_PAYLOAD, "InvokeFunction");
  if (payload.length === 0) return Buffer.from("{}");
  try {
    JSON.parse(payload.toString("utf8"));
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new AwsError(
      400,
      "InvalidRequestContentException",
      `Could not parse request body into json: Could not parse payload into json: ${detail}`,
      "message",
    );
  }
  return payload;
}

/** X-Amz-Client-Context: base64 of a JSON object, at most 3583 bytes; passed on as JSON text. */
export function decodeClientContext(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (raw.length > 3583) {
    throw new AwsError(
      400,
      "InvalidParameterValueException",
      "Client context must be smaller than 3583 bytes.",
      "message",
    );
  }
  const text = Buffer.from(raw, "base64").toString("utf8");
  try {
    const v: unknown = JSON.parse(text);
    if (v === null || typeof v !== "object" || Array.isArray(v)) throw new Error("not an object");
    // The runtime gets it in a header: one line of ASCII (what is not ASCII as \u escapes), so
    // a pretty-printed context or one with accents reaches the function as the same object.
    return JSON.stringify(v).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  } catch {
    throw new AwsError(
      400,
      "InvalidRequestContentException",
      "Client context must be a valid Base64-encoded JSON object.",
      "message",
    );
  }
}
