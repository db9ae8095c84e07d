import type { ExitInfo } from "./exit-info";
import type { RuntimeEvent } from "./runtime-api-server";

/**
 * What waiters watch of an execution environment: its Runtime API events and the end of its
 * process. The environment reports them (emit, exitWith); invocations and verdicts subscribe.
 */
export class EnvironmentEvents {
  /** Set once the process is gone; every waiter races against it. */
  readonly exited: Promise<ExitInfo>;
  exitInfo: ExitInfo | undefined;
  private resolveExit: (e: ExitInfo) => void = () => {};
  private readonly listeners = new Set<(e: RuntimeEvent) => void>();
  private readonly exitListeners = new Set<(e: ExitInfo) => void>();

  constructor() {
    this.exited = new Promise((r) => (this.resolveExit = r));
  }

  /** Subscribes to Runtime API events; returns the unsubscribe function. */
  subscribe(fn: (e: RuntimeEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Calls fn once when the process is gone (now, if it already is); returns the unsubscribe.
   * Per-invoke waiters use this, not exited.then: a reaction on a promise that stays pending for
   * the environment's life would be kept for every invoke it ever served.
   */
  onceExited(fn: (e: ExitInfo) => void): () => void {
    if (this.exitInfo) {
      fn(this.exitInfo);
      return () => {};
    }
    this.exitListeners.add(fn);
    return () => this.exitListeners.delete(fn);
  }

  /** Resolves with the next event of this kind. */
  next(kind: RuntimeEvent["kind"]): Promise<void> {
    return new Promise((resolve) => {
      const off = this.subscribe((e) => {
        if (e.kind !== kind) return;
        off();
        resolve();
      });
    });
  }

  protected readonly emit = (e: RuntimeEvent): void => {
    for (const l of this.listeners) l(e);
  };

  /** Records the end once (the first report wins); false when it was already recorded. */
  protected exitWith(info: ExitInfo, beforeListeners: () => void): boolean {
    if (this.exitInfo) return false;
    this.exitInfo = info;
    beforeListeners();
    this.resolveExit(info);
    const listeners = [...this.exitListeners];
    this.exitListeners.clear();
    for (const fn of listeners) fn(info);
    return true;
  }
}
