// Verifies a webhook's HMAC-SHA256 signature (GitHub's X-Hub-Signature-256 format) over the
// raw body, in constant time, before trusting anything in it. Put it behind a function URL.
import { createHmac, timingSafeEqual } from "node:crypto";

const secret = process.env.WEBHOOK_SECRET ?? "";
const headerName = (process.env.SIGNATURE_HEADER ?? "x-hub-signature-256").toLowerCase();

const reply = (statusCode, data) => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(data),
});

export function verifySignature(rawBody, header) {
  if (!secret || typeof header !== "string" || !header.startsWith("sha256=")) return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  const given = Buffer.from(header.slice("sha256=".length), "hex");
  // timingSafeEqual throws on different lengths; check first so a short header is just "invalid".
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const handler = async (event) => {
  // The signature covers the exact bytes sent: never re-serialise the parsed JSON.
  const rawBody = event.isBase64Encoded
    ? Buffer.from(event.body ?? "", "base64")
    : Buffer.from(event.body ?? "", "utf8");
  const headers = Object.fromEntries(
    Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  );
  if (!verifySignature(rawBody, headers[headerName])) {
    console.warn("rejected a webhook with a missing or wrong signature");
    return reply(401, { verified: false, message: "invalid signature" });
  }
  const payload = JSON.parse(rawBody.toString("utf8"));
  console.log(
    `verified ${headers["x-github-event"] ?? "webhook"} delivery ${headers["x-github-delivery"] ?? ""}`,
  );
  return reply(200, {
    verified: true,
    event: headers["x-github-event"] ?? null,
    action: payload.action ?? null,
  });
};
