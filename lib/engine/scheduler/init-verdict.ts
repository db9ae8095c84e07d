import type { ExtensionFailure } from "../extensions/extensions-api";
import { extensionFailureOf } from "../extensions/invoke-phase";
import type { ExitInfo } from "./exit-info";
import type { RuntimeEvent } from "./runtime-api-server";

/** Lambda gives the init phase 10 s of its own (an on-demand start adds the invoke's timeout). */
export const INIT_LIMIT_MS = 10_000;

/** How an environment's init ended. */
export type InitVerdict =
  /** The runtime and every extension called Next. */
  | { kind: "ready" }
  /** The runtime reported /init/error. */
  | { kind: "init-error"; body: Buffer; errorType?: string }
  /** The process ended (or could not start). */
  | { kind: "exit"; exit: ExitInfo }
  | { kind: "timeout" }
  /** An extension failed the init (Extension.Crash, Extension.InitError…). */
  | { kind: "extension"; failure: ExtensionFailure };

/** What the verdict watches of an environment. */
export interface Initialising {
  start(): Promise<void>;
  subscribe(fn: (e: RuntimeEvent) => void): () => void;
  onceExited(fn: (e: ExitInfo) => void): () => void;
  readonly exitInfo: ExitInfo | undefined;
}

const NO_EXIT: ExitInfo = { code: null, signal: null, oom: false };

/**
 * Starts the environment (once) and resolves with the first of: ready, the runtime's init error,
 * the process's exit, an extension's failure, or `limitMs`. The one judgement of an init, for
 * on-demand starts (a standby's adoption included) and provisioned ones alike.
 */
export function initVerdict(env: Initialising, limitMs: number): Promise<InitVerdict> {
  return new Promise((resolve) => {
    let settled = false;
    // Filled in below; onceExited may call back before it returns (the process is already gone).
    const exit = { off: () => {} };
    const done = (v: InitVerdict) => {
      if (settled) return;
      settled = true;
      offEvents();
      exit.off();
      clearTimeout(timer);
      resolve(v);
    };
    const offEvents = env.subscribe((e) => {
      if (e.kind === "init-error")
        done({ kind: "init-error", body: e.body, errorType: e.errorType });
    });
    const timer = setTimeout(() => done({ kind: "timeout" }), limitMs);
    exit.off = env.onceExited((info) => done({ kind: "exit", exit: info }));
    env.start().then(
      () => done({ kind: "ready" }),
      (err: unknown) => {
        const failure = extensionFailureOf(err);
        done(
          failure
            ? { kind: "extension", failure }
            : { kind: "exit", exit: env.exitInfo ?? NO_EXIT },
        );
      },
    );
  });
}
