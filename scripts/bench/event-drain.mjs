// Event invokes against a reservation (issue 18, the drain): 1,000 accepted at once, then run by
// the engine's durable queue. Used by concurrency.mjs, whose function logs each Event invoke's
// span ("span {start,end}"): with no caller to answer, the log is where the spans are.
import { performance } from "node:perf_hooks";
import { GetFunctionConcurrencyCommand, InvokeCommand } from "@aws-sdk/client-lambda";
import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";

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

/** The function's spans logged since `since`. */
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
 * `invokes` Event invokes of conc-bench, all sent at once; resolves once each has run. Drain:
 * from the first 202 (and from the first request) to the last handler's end.
 */
export async function drainEvents({ client, logs, invokes, payload, serverCpuMs }) {
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
  // Done when every event has logged its span (the spans' own clocks time the drain, so how often
  // this looks does not change the figure); given up after two minutes.
  let spans = [];
  for (const giveUpAt = Date.now() + 120_000; Date.now() < giveUpAt;) {
    await new Promise((r) => setTimeout(r, 250));
    spans = await loggedSpans(logs, wallStart);
    if (spans.length >= invokes) break;
  }
  const serverMs = serverCpuMs() - server0;
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
