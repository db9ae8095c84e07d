import fs from "node:fs";
import { LambdaClient } from "@aws-sdk/client-lambda";
import {
  CloudWatchLogsClient,
  GetLogEventsCommand,
  DescribeLogStreamsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { startEngine, type RunningEngine } from "../../../lib/engine/engine";
import { Router } from "../../../lib/engine/http/router";
import { startHttpServer } from "../../../lib/engine/http/api-server";
import type { InvocationTarget } from "../../../lib/engine/functions/types";
import { createInvoker, type Invoker } from "../../../lib/engine/invoke/invoker";
import { registerInvokeRoute } from "../../../lib/engine/api/lambda/invoke";
import { DurableEventQueue } from "../../../lib/engine/async/durable-queue";
import { DEFAULT_MAX_AGE_S, DEFAULT_RETRIES } from "../../../lib/engine/async/event-invoke-config";
import { EventQueueStore } from "../../../lib/engine/async/queue-store";
import { openDb } from "../../../lib/engine/store/db";
import { makeTarget, mapResolver, tempRoot, type FixtureOptions } from "./targets";
import { engineClientConfig } from "../client-config";

/**
 * A real engine (store, logs API, credentials) plus the Invoke route on its own server with a
 * resolver over test-made targets: until CreateFunction exists, specs drive Invoke this way.
 */
export interface InvokeHarness {
  engine: RunningEngine;
  invoker: Invoker;
  /** The durable Event queue production runs, over its own store (the targets are not in the engine's). */
  queue: DurableEventQueue;
  lambda: LambdaClient;
  logs: CloudWatchLogsClient;
  add(o: FixtureOptions): InvocationTarget;
  /** Every event of the function's newest log stream (or of all streams). */
  logLines(functionName: string): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startInvokeHarness(
  prefix: string,
  env: Record<string, string> = {},
): Promise<InvokeHarness> {
  const root = tempRoot(prefix);
  const engine = await startEngine({
    NODE_ENV: "test",
    LAMBDA_CONSOLE_DATA_DIR: `${root}/data`,
    LAMBDA_ENGINE_PORT: "0",
    LAMBDA_REGISTRY_PORT: "off",
    ...env,
  });
  const targets = new Map<string, InvocationTarget>();
  const queueDb = openDb(`${root}/queue`);
  const queue: DurableEventQueue = new DurableEventQueue({
    store: new EventQueueStore(queueDb),
    run: (e) => invoker.runEvent(e),
    settings: () => ({
      maximumRetryAttempts: DEFAULT_RETRIES,
      maximumEventAgeSeconds: DEFAULT_MAX_AGE_S,
    }),
    deliver: () => undefined,
    functionArn: (name, q) => `${engine.ctx.arnPrefix}function:${name}${q ? `:${q}` : ""}`,
    delayScale: engine.ctx.config.asyncDelayScale,
    maxInFlight: 16,
    observe: (kind, fn, v) => invoker.dispatcher.counters.async(kind, fn, v),
  });
  const invoker = createInvoker(engine.ctx, engine.credentials, mapResolver(targets), {
    endpoint: () => engine.endpoint,
    events: queue,
  });
  queue.follow(invoker.dispatcher.ledger);
  queue.start();
  const router = new Router();
  registerInvokeRoute(router, invoker);
  const { server, port } = await startHttpServer({
    host: "127.0.0.1",
    port: 0,
    router,
    lookupSecret: engine.credentials.lookup,
  });
  // Lambda calls go to this harness's own server; the rest to the engine.
  const lambda = new LambdaClient({
    ...engineClientConfig(engine),
    endpoint: `http://127.0.0.1:${port}`,
  });
  const logs = new CloudWatchLogsClient(engineClientConfig(engine));
  return {
    engine,
    invoker,
    queue,
    lambda,
    logs,
    add(o) {
      const t = makeTarget(root, o);
      targets.set(o.name, t);
      return t;
    },
    async logLines(functionName) {
      const group = `/aws/lambda/${functionName}`;
      const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
      const lines: string[] = [];
      for (const s of streams.logStreams ?? []) {
        const ev = await logs.send(
          new GetLogEventsCommand({
            logGroupName: group,
            logStreamName: s.logStreamName,
            startFromHead: true,
          }),
        );
        for (const e of ev.events ?? []) lines.push(e.message ?? "");
      }
      return lines;
    },
    async stop() {
      lambda.destroy();
      logs.destroy();
      await queue.dispose();
      await invoker.dispose();
      queueDb.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await engine.stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
