import type { InvocationTarget } from "../functions/types";
import type { NodeChoice } from "../runtimes/nodejs/node-runtime";
import type { Isolation } from "../sandbox/isolation";
import {
  StandbySandbox,
  standbyKeyFor,
  standbyKeyString,
  sweepStaleStandbyDirs,
  type AdoptedStandby,
  type StandbyKey,
} from "./standby";
import { StandbyDemand } from "./standby-demand";

/** A refill that waits for a burst of cold starts to end waits at most this long. */
const BURST_MAX_DEFER_MS = 2_000;

export interface StandbyPoolOptions {
  /** Standbys kept per recently used key (LAMBDA_ENGINE_STANDBY). */
  perKey: number;
  /** At most this many per key when sized from observed concurrency (LAMBDA_ENGINE_STANDBY_MAX). */
  maxPerKey: number;
  /** A key idle this long has its observed peak halved, and standbys above it reclaimed. */
  decayMs: number;
  /** A key not used for this long loses its standbys. */
  keyTtlMs: number;
  isolation: Isolation;
  /** Whether standbys' namespaces get outbound access (the engine's setting). */
  outbound: boolean;
  /** How many more processes the machine cap allows besides environments and standbys. */
  room: () => number;
  /** The Node.js of a major other than the host's (node-runtime.ts). */
  nodeFor?: (major: number) => NodeChoice;
}

/**
 * Pre-started Node.js sandboxes per recently used (memory, ephemeral storage) key. A cold start
 * takes one (take → assign); the pool refills in the background, within the machine cap.
 */
export class StandbyPool {
  private readonly byKey = new Map<string, StandbySandbox[]>();
  private readonly used = new Map<string, { key: StandbyKey; at: number }>();
  private refillQueued = false;
  /**
   * Keys whose refill waits for their burst of starts to end (track), each at most
   * BURST_MAX_DEFER_MS; other keys refill as usual meanwhile.
   */
  private readonly deferred = new Map<string, NodeJS.Timeout>();
  /** On-demand starts under way, per key (track). */
  private readonly starting = new Map<string, number>();
  private disposed = false;
  private readonly reaper: NodeJS.Timeout;
  private readonly decayer: NodeJS.Timeout;
  private readonly demand: StandbyDemand;
  /** Cold starts served by a standby (the console and specs read it). */
  served = 0;

  constructor(private readonly opts: StandbyPoolOptions) {
    // Dead engines' leftovers: swept once the engine's port is open, not before (issue 18).
    setImmediate(sweepStaleStandbyDirs);
    this.reaper = setInterval(() => this.dropStaleKeys(), 30_000);
    this.reaper.unref();
    this.demand = new StandbyDemand(opts.perKey, opts.maxPerKey, opts.decayMs);
    this.decayer = setInterval(
      () => this.demand.decay() && this.scheduleRefill(),
      opts.decayMs / 2,
    );
    this.decayer.unref();
  }

  /** True when this host can run standbys at all (bubblewrap present, N > 0). */
  get enabled(): boolean {
    return this.opts.perKey > 0 && Boolean(this.opts.isolation.bwrap);
  }

  /** Live standbys (they count against the machine cap). */
  count(): number {
    let n = 0;
    for (const list of this.byKey.values()) n += list.length;
    return n;
  }

  /** Process ids and task dirs of the live standbys (specs check that stop leaves none). */
  list(): { pid: number | undefined; taskDir: string; key: string }[] {
    return [...this.byKey.entries()].flatMap(([key, l]) =>
      l.map((s) => ({ pid: s.pid, taskDir: s.taskDir, key })),
    );
  }

  /** True when a cold start of the target would be served by a standby now. */
  has(target: InvocationTarget): boolean {
    const key = standbyKeyFor(target);
    return Boolean(key && this.byKey.get(standbyKeyString(key))?.some((s) => s.alive));
  }

  /**
   * A standby for the target's cold start, assigned to its code; undefined when the target is not
   * eligible or none is ready (the caller takes the normal path). Marks the key as used and
   * schedules a refill either way.
   */
  async take(target: InvocationTarget): Promise<AdoptedStandby | undefined> {
    if (!this.enabled || this.disposed) return undefined;
    const key = standbyKeyFor(target);
    if (!key) return undefined;
    const ks = standbyKeyString(key);
    this.used.set(ks, { key, at: Date.now() });
    this.demand.record(ks);
    const list = this.byKey.get(ks) ?? [];
    let standby: StandbySandbox | undefined;
    while (!standby && list.length > 0) {
      const s = list.shift();
      if (s?.alive) standby = s;
      else void s?.dispose();
    }
    if (list.length === 0) this.byKey.delete(ks);
    if ((this.starting.get(ks) ?? 0) > 1) this.deferRefill(ks);
    else this.scheduleRefill();
    if (!standby) return undefined;
    const adopted = await standby.assign(target.codeDir);
    if (adopted) this.served++;
    return adopted;
  }

  /**
   * Starts standbys for these keys now, as if they had just been used: at engine start, the sizes
   * of the functions most likely to be invoked, so even the first cold start finds one.
   */
  prime(keys: StandbyKey[]): void {
    if (!this.enabled || this.disposed || keys.length === 0) return;
    const at = Date.now();
    for (const key of keys) this.used.set(standbyKeyString(key), { key, at });
    this.scheduleRefill();
  }

  /**
   * Kills standbys until at most `max` are left, to make room under the cap: least recently used
   * keys first, the key of `keepFor` (about to take one) last.
   */
  trimTo(max: number, keepFor?: InvocationTarget): void {
    const k = keepFor && standbyKeyFor(keepFor);
    const keep = k ? standbyKeyString(k) : undefined;
    const rank = (ks: string) => (ks === keep ? Infinity : (this.used.get(ks)?.at ?? 0));
    const keys = [...this.byKey.keys()].sort((a, b) => rank(a) - rank(b));
    for (const ks of keys) {
      const list = this.byKey.get(ks) ?? [];
      while (this.count() > Math.max(0, max) && list.length > 0) void list.pop()?.dispose();
      if (list.length === 0) this.byKey.delete(ks);
    }
  }

  /**
   * An on-demand start of the target is under way until `done` settles. While others of its key
   * are, a take does not refill: a standby booted in the middle of a burst is taken while it still
   * boots, saves no time, and its launcher costs more CPU than a plain start (burst.mjs showed
   * every cold start of a 50-invoke burst going through one). The pool refills once they end.
   */
  track(target: InvocationTarget, done: Promise<unknown>): void {
    if (!this.enabled || this.disposed) return;
    const key = standbyKeyFor(target);
    if (!key) return;
    const ks = standbyKeyString(key);
    this.starting.set(ks, (this.starting.get(ks) ?? 0) + 1);
    const end = () => {
      const left = (this.starting.get(ks) ?? 1) - 1;
      if (left > 0) return void this.starting.set(ks, left);
      this.starting.delete(ks);
      this.endDeferral(ks);
    };
    done.then(end, end);
  }

  /** Refills the key when its burst's starts have ended (track), at the latest BURST_MAX_DEFER_MS from now. */
  private deferRefill(ks: string): void {
    if (this.deferred.has(ks) || this.disposed) return;
    const timer = setTimeout(() => this.endDeferral(ks), BURST_MAX_DEFER_MS);
    timer.unref();
    this.deferred.set(ks, timer);
  }

  private endDeferral(ks: string): void {
    const timer = this.deferred.get(ks);
    if (!timer) return;
    clearTimeout(timer);
    this.deferred.delete(ks);
    this.scheduleRefill();
  }

  /** Refills in the background, never on an invoke's path. */
  private scheduleRefill(): void {
    if (this.refillQueued || this.disposed) return;
    this.refillQueued = true;
    setImmediate(() => {
      this.refillQueued = false;
      this.refill();
    });
  }

  private refill(): void {
    if (this.disposed) return;
    this.dropStaleKeys();
    const byRecency = [...this.used.entries()].sort((a, b) => b[1].at - a[1].at);
    for (const [ks, { key }] of byRecency) {
      let list = this.byKey.get(ks);
      if (!list) this.byKey.set(ks, (list = []));
      for (let i = list.length - 1; i >= 0; i--) if (!list[i]?.alive) list.splice(i, 1);
      const target = this.demand.target(ks);
      // Above the target (the peak decayed): the youngest go, the oldest are the most booted.
      while (list.length > target) void list.pop()?.dispose();
      // A key in a burst starts none until it ends, even when another key's take refills.
      while (list.length < target && !this.deferred.has(ks) && this.opts.room() > 0) {
        const s = StandbySandbox.start(
          key,
          this.opts.isolation,
          { outbound: this.opts.outbound },
          this.opts.nodeFor,
        );
        if (!s) break;
        list.push(s);
        void new Promise((r) => s.child.once("exit", r)).then(() => this.forget(ks, s));
      }
      if (list.length === 0) this.byKey.delete(ks);
    }
  }

  private forget(ks: string, s: StandbySandbox): void {
    const list = this.byKey.get(ks);
    const i = list?.indexOf(s) ?? -1;
    if (list && i >= 0) list.splice(i, 1);
    if (list?.length === 0) this.byKey.delete(ks);
  }

  private dropStaleKeys(now = Date.now()): void {
    for (const [ks, u] of this.used) {
      if (now - u.at < this.opts.keyTtlMs) continue;
      this.used.delete(ks);
      this.demand.forget(ks);
      for (const s of this.byKey.get(ks) ?? []) void s.dispose();
      this.byKey.delete(ks);
    }
  }

  /** Kills every unassigned standby (engine stop); resolves once they are gone. Idempotent. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const timer of this.deferred.values()) clearTimeout(timer);
    this.deferred.clear();
    clearInterval(this.reaper);
    clearInterval(this.decayer);
    const all = [...this.byKey.values()].flat();
    this.byKey.clear();
    this.used.clear();
    await Promise.all(all.map((s) => s.dispose()));
  }
}
