import fs from "node:fs";

/**
 * Lambda's per-environment limits (Lambda quotas: 1,024 file descriptors, 1,024 processes and
 * threads), soft and hard. Set on the sandbox's first process once its user namespace exists (by
 * the spawn helper while bwrap waits, or inside by util-linux's prlimit, which then execs the
 * command), never on the host side: RLIMIT_NPROC set before the user namespace exists would also
 * cap the host user's own process count.
 */
export const LAMBDA_LIMITS = { nofile: 1024, nproc: 1024 } as const;

/** Soft and hard nofile/nproc limits (Lambda's, or another set of the same two). */
export type Rlimits = Readonly<Record<keyof typeof LAMBDA_LIMITS, number>>;

const PRLIMIT = "/usr/bin/prlimit";
let hasPrlimit: boolean | undefined;

/** argv run under Lambda's limits, or `limits` (unchanged where prlimit is missing). */
export function withLambdaLimits(argv: string[], limits: Rlimits = LAMBDA_LIMITS): string[] {
  hasPrlimit ??= fs.existsSync(PRLIMIT);
  if (!hasPrlimit || argv.length === 0) return argv;
  const { nofile, nproc } = limits;
  return [PRLIMIT, `--nofile=${nofile}:${nofile}`, `--nproc=${nproc}:${nproc}`, "--", ...argv];
}
