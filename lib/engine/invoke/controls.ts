import crypto from "node:crypto";
import type { FunctionsCore } from "../functions/core";
import type { ResolveTarget } from "../functions/resolve";
import type { Invoker } from "./invoker";
import { asyncSettingsFor } from "../async/event-invoke-config";
import { functionDestination } from "../async/destinations";
import { DurableEventQueue } from "../async/durable-queue";
import { EventQueueStore, type NewEvent } from "../async/queue-store";
import { ProvisionedService } from "../scheduler/provisioned-service";
import { standbyKeyForConfig } from "../scheduler/standby";

/** What the engine reports about its limits (start line, engine status route, console). */
export interface EngineStatus {
  concurrencyLimit: number;
  unreservedConcurrentExecutionsLimit: number;
  inFlight: number;
  unreservedInFlight: number;
  scalingRatePer10s: number;
  maxEnvironments: number;
  liveEnvironments: number;
  provisionedEnvironments: number;
  /** Pre-started Node.js sandboxes waiting for a cold start (they count against maxEnvironments). */
  standbyEnvironments: number;
  queuedEvents: number;
}

export interface ConcurrencyControls {
  invoker: Invoker;
  provisioned: ProvisionedService;
  queue: DurableEventQueue;
  status(): EngineStatus;
  dispose(): Promise<void>;
}

/**
 * Wires the concurrency controls of one engine: the invoker (with its dispatcher and ledger)
 * over the durable Event queue, provisioned concurrency recreated from the store, and the
 * reactions to control-plane changes (reservations, deletes, versions and aliases).
 */
export function startConcurrencyControls(
  core: FunctionsCore,
  resolve: ResolveTarget,
  makeInvoker: (events: { enqueue(e: NewEvent): void }) => Invoker,
): ConcurrencyControls {
  const { ctx } = core;
  const store = new EventQueueStore(ctx.db);
  // The queue runs events through the invoker, and the invoker writes accepted events to the queue.
  const queue: DurableEventQueue = new DurableEventQueue({
    store,
    run: (e) => invoker.runEvent(e),
    settings: (fn, q) => asyncSettingsFor(core, fn, q),
    deliver: (arn, record) => {
      const fn = functionDestination(arn);
      if (!fn) {
        console.warn(
          `[engine] destination ${arn} is not a Lambda function; only functions receive records locally`,
        );
        return;
      }
      queue.enqueue({
        requestId: crypto.randomUUID(),
        functionName: fn.name,
        qualifier: fn.qualifier,
        payload: record,
      });
    },
    functionArn: (name, q) => core.arn(name, q),
    delayScale: ctx.config.asyncDelayScale,
    maxInFlight: Math.max(16, ctx.config.maxEnvironments * 2),
    observe: (kind, fn, v) => invoker.dispatcher.counters.async(kind, fn, v),
  });
  const invoker = makeInvoker({ enqueue: (e) => queue.enqueue(e) });
  const { dispatcher } = invoker;
  queue.follow(dispatcher.ledger);
  const provisioned = new ProvisionedService(
    core,
    resolve,
    dispatcher.provisioned,
    dispatcher.ledger,
    () => dispatcher.liveEnvironments(),
  );

  // The ledger starts from the store's reservations, so the unreserved pool is right at once.
  for (const v of core.store.listAll(false)) {
    const fn = core.store.getFunction(v.functionName);
    if (fn?.reservedConcurrency !== undefined)
      dispatcher.ledger.setReserved(fn.name, fn.reservedConcurrency);
  }
  core.onChange((name, kind) => {
    if (kind === "concurrency")
      dispatcher.ledger.setReserved(name, core.store.getFunction(name)?.reservedConcurrency);
    if (kind === "deleted") {
      dispatcher.ledger.setReserved(name, undefined);
      dispatcher.provisioned.removeFunction(name);
      dispatcher.ledger.setProvisioned(name, 0);
    }
    if (kind === "published" || kind === "aliases") provisioned.reconcile(name);
  });
  // An update that settled or a delete makes the running environments stale: retire them.
  core.onChange((name, kind) => {
    if (kind === "updated" || kind === "deleted") invoker.retire(name);
    // A function just created or changed is the one about to be tested: have a sandbox ready.
    const config =
      kind === "created" || kind === "updated"
        ? core.store.getVersion(name, "$LATEST")?.config
        : undefined;
    const key = config && standbyKeyForConfig(config);
    if (key) dispatcher.standby.prime([key]);
  });
  // Provisioned environments come back once the code is unpacked (reconcileFunctions runs next),
  // unless the engine stopped meanwhile (its store is closed then).
  let disposed = false;
  setImmediate(() => void core.drain().then(() => disposed || provisioned.reconcile()));
  queue.start();

  return {
    invoker,
    provisioned,
    queue,
    status: () => ({
      concurrencyLimit: ctx.config.concurrencyLimit,
      unreservedConcurrentExecutionsLimit: dispatcher.ledger.unreservedLimit(),
      inFlight: dispatcher.ledger.totalInFlight(),
      unreservedInFlight: dispatcher.ledger.unreservedInFlightCount(),
      scalingRatePer10s: ctx.config.scalingRate,
      maxEnvironments: ctx.config.maxEnvironments,
      liveEnvironments: dispatcher.liveEnvironments(),
      provisionedEnvironments: dispatcher.provisioned.count(),
      standbyEnvironments: dispatcher.standby.count(),
      queuedEvents: queue.size,
    }),
    async dispose() {
      disposed = true;
      await queue.dispose();
      await invoker.dispose();
    },
  };
}
