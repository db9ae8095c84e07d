import crypto from "node:crypto";
import os from "node:os";

/** How the process ended, for Runtime.ExitError / Runtime.OutOfMemory. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  oom: boolean;
}

/** Stream name as Lambda makes it: YYYY/MM/DD/[<version>]<32 hex>. */
export function makeLogStreamName(version: string, now = new Date()): string {
  const d = now.toISOString().slice(0, 10).replace(/-/g, "/");
  return `${d}/[${version}]${crypto.randomBytes(16).toString("hex")}`;
}

/** "exit status 1" / "signal: killed", as Lambda's Go platform prints a process state. */
export function describeExit(e: ExitInfo): string {
  let signal = e.signal;
  if (!signal && e.code !== null && e.code > 128) {
    const entry = Object.entries(os.constants.signals).find(([, n]) => n === (e.code ?? 0) - 128);
    signal = entry ? (entry[0] as NodeJS.Signals) : null;
  }
  if (!signal) return `exit status ${e.code ?? 0}`;
  const names: Partial<Record<NodeJS.Signals, string>> = {
    SIGKILL: "killed",
    SIGABRT: "aborted",
    SIGSEGV: "segmentation fault",
    SIGTERM: "terminated",
    SIGBUS: "bus error",
  };
  return `signal: ${names[signal] ?? signal.toLowerCase()}`;
}
