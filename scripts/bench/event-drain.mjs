// Event invokes against a reservation (issue 18, the drain): 1,000 accepted at once, then run by
// the engine's durable queue. Used by concurrency.mjs, whose function logs each Event invoke's
// span ("span {start,end}"): with no caller to answer, the log is where the spans are.
import crypto from "node:crypto";
import { performance } from "node:perf_hooks";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { GetFunctionConcurrencyCommand, InvokeCommand } from "@aws-sdk/client-lambda";
import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";

/** node:crypto's SHA-256 and HMAC in the shape SignatureV4 wants. */
class Sha256 {
  constructor(secret) {
    this.h =
      secret === undefined ? crypto.createHash("sha256") : crypto.createHmac("sha256", secret);
  }
  update(d) {
    this.h.update(d);
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}

/** The engine's count of Event invokes waiting or running (its signed status route). */
async function queuedEvents(endpoint, credentials) {
  const url = new URL(`${endpoint}/lambda-console/engine-status`);
  const signer = new SignatureV4({
    credentials,
    region: "us-east-1",
    service: "lambda",
    sha256: Sha256,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: "GET",
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { host: url.host },
    }),
  );
  const res = await fetch(url, { headers: signed.headers });
  if (res.status !== 200) throw new Error(`engine-status answered ${res.status}`);
  return (await res.json()).queuedEvents;
}

/** Average running invocations and starts per 100 ms (BENCH_EVENT_TIMELINE=1: where slots sat idle). */
function printTimeline(spans, from, to) {
  for (let t = from; t < to; t += 100) {
    const busyMs = spans
      .filter((s) => s.start < t + 100 && s.end > t)
      .reduce((a, s) => a + Math.min(s.end, t + 100) - Math.max(s.start, t), 0);
    const started = spans.filter((s) => s.start >= t && s.start < t + 100).length;
    console.log(`${t - from} ms: avg running ${(busyMs / 100).toFixed(1)}, started ${started}`);
  }
}

/** The function's spans logged since `since` (the logs are read once the queue is empty). */
async function loggedSpans(logs, since) {
  const spans = [];
  let nextToken;
  do {
    const page = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: "/aws/lambda/conc-bench",
        startTime: since,
        filterPattern: '"span "',
        nextToken,
      }),
    );
    for (const e of page.events ?? []) {
      const at = e.message?.indexOf("span {") ?? -1;
      if (at >= 0) spans.push(JSON.parse(e.message.slice(at + 5)));
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return spans;
}

/**
 * `invokes` Event invokes of conc-bench, all sent at once; resolves once the engine's queue is
 * empty. Drain: from the first 202 (and from the first request) to the last handler's end.
 */
export async function drainEvents({
  client,
  logs,
  endpoint,
  credentials,
  invokes,
  payload,
  serverCpuMs,
}) {
  // The client's own first call (middleware, endpoint, credentials) is not the engine's time.
  await client.send(new GetFunctionConcurrencyCommand({ FunctionName: "conc-bench" }));
  const server0 = serverCpuMs();
  const wallStart = Date.now();
  const t0 = performance.now();
  let firstAccepted = 0;
  const accepted = await Promise.allSettled(
    Array.from({ length: invokes }, () =>
      client
        .send(
          new InvokeCommand({
            FunctionName: "conc-bench",
            InvocationType: "Event",
            Payload: payload,
          }),
        )
        .then((r) => {
          firstAccepted ||= Date.now();
          return r;
        }),
    ),
  );
  const acceptMs = performance.now() - t0;
  const refused = accepted.filter((r) => r.status === "rejected" || r.value.StatusCode !== 202);
  while ((await queuedEvents(endpoint, credentials)) > 0)
    await new Promise((r) => setTimeout(r, 10));
  const serverMs = serverCpuMs() - server0;
  const spans = await loggedSpans(logs, wallStart);
  const lastEnd = Math.max(...spans.map((s) => s.end));
  if (process.env.BENCH_EVENT_TIMELINE) printTimeline(spans, wallStart, lastEnd);
  return {
    spans,
    refused: refused.length,
    acceptMs,
    drainMs: lastEnd - wallStart,
    // From the first 202: the SDK client takes ~0.2 s to put the first of 1,000 sends on the wire.
    drainFromAcceptedMs: lastEnd - firstAccepted,
    serverCpuMs: serverMs,
  };
}
