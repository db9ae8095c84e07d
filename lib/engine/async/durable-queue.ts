import { AwsError } from "../errors/aws-error";
import type { AsyncSettings } from "./event-invoke-config";
import { buildDestinationRecord, type DestinationCondition } from "./destinations";
import type { EventQueueStore, NewEvent, QueuedEvent } from "./queue-store";

/** What running one event gave: the function ran (maybe with an error). Throttles throw AwsError 429. */
export interface EventRunResult {
  payload: Buffer;
  functionError?: string;
  executedVersion: string;
}

export interface DurableQueueDeps {
  store: EventQueueStore;
  run: (e: QueuedEvent) => Promise<EventRunResult>;
  settings: (functionName: string, qualifier: string | undefined) => AsyncSettings;
  /** Sends a destination record to another function (an Event invoke of it). */
  deliver: (destinationArn: string, record: Buffer) => void;
  functionArn: (name: string, qualifier?: string) => string;
  /** Multiplies the retry delays (LAMBDA_ENGINE_ASYNC_DELAY_SCALE). */
  delayScale: number;
  maxInFlight: number;
  /** Counters for the console's async metrics. */
  observe?: (kind: "received" | "dropped" | "age", functionName: string, value: number) => void;
}

/** The concurrency ledger as the queue follows it (see follow). */
export interface ReleaseSource {
  /** Invocations of the function running now (sync ones too). */
  inFlightFor(functionName: string): number;
  /** Told after every release. */
  onRelease: ((functionName: string) => void) | undefined;
}

/** Lambda retries a failed event after about one and then two minutes. */
const RETRY_DELAYS_MS = [60_000, 120_000];
const POLL_MS = 1000;
/** How long a throttled function's events wait for its running invocations to finish (below). */
const SATURATED_MS = 1000;

/**
 * Event invocations from SQLite: accepted before the 202, run in the background, throttles
 * retried with backoff until the event's maximum age, function errors retried per the
 * function's event invoke config, then sent to the OnSuccess / OnFailure destination.
 *
 * A throttle while the function has invocations running means it is at its concurrency: its
 * events then wait for capacity instead of for their backoff. Each invocation of it that ends
 * starts its next event (throttled ones first, in order), and the queue claims none of its other
 * events for a while (SATURATED_MS), so 1,000 events against a reservation of 50 run 50 at a time
 * (scripts/bench/concurrency.mjs) rather than trickling in over minutes of backoff. The backoff
 * stays each throttled event's due time, so nothing depends on a release that never comes.
 */
export class DurableEventQueue {
  private timer: NodeJS.Timeout | undefined;
  private pumpAt = 0;
  /** The last pump left due events for want of room (maxInFlight): a finishing event pumps. */
  private roomShort = false;
  private inFlight = 0;
  private disposed = false;
  private readonly throttles = new Map<number, number>();
  private readonly running = new Set<Promise<void>>();
  /** Functions at their concurrency: until when their events wait for a release, and which wait. */
  private readonly saturated = new Map<string, { until: number; waiting: number[] }>();
  /** Until follow(): no function is known to be running, and throttles back off as before. */
  private ledger: Pick<ReleaseSource, "inFlightFor"> = { inFlightFor: () => 0 };

  constructor(private readonly deps: DurableQueueDeps) {}

  /** Follows the concurrency ledger: its counts, and its releases (capacityFreed). */
  follow(ledger: ReleaseSource): void {
    this.ledger = ledger;
    ledger.onRelease = (fn) => this.capacityFreed(fn);
  }

  /** Picks up what a previous run left, including events that were running when it died. */
  start(): void {
    this.deps.store.resetRunning();
    this.schedule(0);
  }

  enqueue(e: NewEvent): void {
    this.deps.store.insert(e);
    this.deps.observe?.("received", e.functionName, 1);
    // A function at its concurrency gets its events from releases (capacityFreed).
    if (!this.waitsForCapacity(e.functionName, Date.now())) this.schedule(0);
  }

  /** Waiting or running events (tests, the console). */
  get size(): number {
    return this.deps.store.count();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.timer);
    // Events running now stay in the table (running = 1) and run again after a restart.
    await Promise.allSettled([...this.running]);
  }

  /** One pump at the earliest time asked for: a burst of events or releases shares one. */
  private schedule(ms: number): void {
    if (this.disposed) return;
    const at = Date.now() + Math.max(0, ms);
    if (this.timer && this.pumpAt <= at) return;
    clearTimeout(this.timer);
    this.pumpAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, at - Date.now());
    this.timer.unref();
  }

  /** The concurrency ledger released an invocation of the function: start its next event. */
  private capacityFreed(functionName: string): void {
    if (!this.saturated.has(functionName) || this.disposed) return;
    // After the releasing invocation's own bookkeeping (its event may finish in the same turn).
    // Not bounded by maxInFlight: it takes the place of the invocation that ended, and a release
    // skipped would leave the function one invocation short until the backoff.
    setImmediate(() => {
      // Read again: the function may have left and re-entered saturation meanwhile.
      const s = this.saturated.get(functionName);
      if (!s || this.disposed) return;
      let e: QueuedEvent | undefined;
      while (!e && s.waiting.length > 0) e = this.deps.store.claimById(s.waiting.shift() ?? 0);
      e ??= this.deps.store.claimNextDueFor(functionName, Date.now());
      if (e) this.launch(e);
      else this.saturated.delete(functionName); // nothing waits: new events are claimed as usual
    });
  }

  private launch(e: QueuedEvent): void {
    this.inFlight++;
    const p = this.process(e).finally(() => {
      this.inFlight--;
      this.running.delete(p);
      // Room for events the last pump had to leave (it claimed as many as it had room for).
      if (this.roomShort) this.schedule(0);
    });
    this.running.add(p);
  }

  /** Whether the function's events now wait for a release rather than being claimed. */
  private waitsForCapacity(fn: string, now: number): boolean {
    const s = this.saturated.get(fn);
    if (!s) return false;
    if (this.ledger.inFlightFor(fn) > 0) return s.until > now;
    // No release will come: the waiting events run at their backoff's due time, as any other.
    this.saturated.delete(fn);
    return false;
  }

  private pump(): void {
    if (this.disposed) return;
    const room = this.deps.maxInFlight - this.inFlight;
    const now = Date.now();
    const skip = [...this.saturated.keys()].filter((fn) => this.waitsForCapacity(fn, now));
    const claimed = room > 0 ? this.deps.store.claimDue(now, room, skip) : [];
    this.roomShort = claimed.length === Math.max(0, room);
    for (const e of claimed) this.launch(e);
    // Next: the first due event of the others, or the end of a function's wait for capacity.
    let next = this.deps.store.nextDueAt(skip) ?? now + POLL_MS;
    for (const fn of skip) next = Math.min(next, this.saturated.get(fn)?.until ?? next);
    this.schedule(Math.min(POLL_MS, Math.max(10, next - Date.now())));
  }

  private async process(e: QueuedEvent): Promise<void> {
    const { store } = this.deps;
    const settings = this.deps.settings(e.functionName, e.qualifier);
    const ageMs = () => Date.now() - e.receivedAt;
    if (ageMs() > settings.maximumEventAgeSeconds * 1000)
      return this.finish(e, settings, "EventAgeExceeded");
    let result: EventRunResult;
    try {
      this.deps.observe?.("age", e.functionName, ageMs());
      result = await this.deps.run(e);
    } catch (err) {
      if (this.disposed) return;
      if (err instanceof AwsError && err.status === 404) {
        store.delete(e.id); // the function is gone: nothing can run the event any more
        this.deps.observe?.("dropped", e.functionName, 1);
        return;
      }
      // Throttled (or not runnable yet): back off 1 s doubling to 30 s, kept until the maximum age.
      const n = this.throttles.get(e.id) ?? 0;
      this.throttles.set(e.id, n + 1);
      const delay =
        Math.min(30_000, 1000 * 2 ** n) * Math.min(1, Math.max(0.05, this.deps.delayScale));
      if (ageMs() + delay > settings.maximumEventAgeSeconds * 1000)
        return this.finish(e, settings, "EventAgeExceeded");
      store.reschedule(e.id, Date.now() + delay, e.attempts);
      this.schedule(delay);
      if (this.ledger.inFlightFor(e.functionName) > 0) this.waitForCapacity(e);
      return;
    }
    if (this.disposed) return;
    this.throttles.delete(e.id);
    if (!result.functionError) return this.finish(e, settings, "Success", result);
    const attempts = e.attempts + 1;
    if (attempts <= settings.maximumRetryAttempts) {
      const delay = (RETRY_DELAYS_MS[attempts - 1] ?? 120_000) * this.deps.delayScale;
      if (ageMs() + delay <= settings.maximumEventAgeSeconds * 1000) {
        store.reschedule(e.id, Date.now() + delay, attempts);
        this.schedule(delay);
        return;
      }
    }
    return this.finish({ ...e, attempts }, settings, "RetriesExhausted", result);
  }

  /** A throttled event of a function with invocations running: it runs when one of them ends. */
  private waitForCapacity(e: QueuedEvent): void {
    let s = this.saturated.get(e.functionName);
    if (!s) this.saturated.set(e.functionName, (s = { until: 0, waiting: [] }));
    s.until = Date.now() + SATURATED_MS;
    // In order of arrival: a woken event that was throttled again goes back to the front.
    const at = s.waiting.findIndex((id) => id > e.id);
    if (at < 0) s.waiting.push(e.id);
    else s.waiting.splice(at, 0, e.id);
  }

  /** Done with the event: record to the destination (if any), then forget it. */
  private finish(
    e: QueuedEvent,
    settings: AsyncSettings,
    condition: DestinationCondition,
    result?: EventRunResult,
  ): void {
    const destination = condition === "Success" ? settings.onSuccess : settings.onFailure;
    if (destination) {
      const record = buildDestinationRecord({
        requestId: e.requestId,
        functionArn: this.deps.functionArn(e.functionName, e.qualifier ?? "$LATEST"),
        condition,
        approximateInvokeCount: Math.max(1, e.attempts + (condition === "Success" ? 1 : 0)),
        payload: e.payload,
        result,
      });
      try {
        this.deps.deliver(destination, record);
      } catch (err) {
        console.error(
          `[engine] could not deliver to ${destination}:`,
          err instanceof Error ? err.message : err,
        );
      }
    } else if (condition !== "Success") {
      this.deps.observe?.("dropped", e.functionName, 1);
    }
    this.throttles.delete(e.id);
    this.deps.store.delete(e.id);
  }
}
