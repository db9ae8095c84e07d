/** What a REPORT line says about one invocation. */
export interface InvocationReport {
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  /** Present on cold starts only. */
  initDurationMs?: number;
  /** "timeout" / "error" when the platform reports one. */
  status?: string;
}

const num = (re: RegExp, line: string): number | undefined => {
  const m = re.exec(line);
  return m?.[1] === undefined ? undefined : Number(m[1]);
};

/** Parses a text REPORT line, or a JSON platform.report record (LoggingConfig JSON). */
export function parseReportLine(line: string): InvocationReport | undefined {
  const trimmed = line.trim();
  if (trimmed.startsWith("{")) {
    try {
      const doc = JSON.parse(trimmed) as {
        type?: string;
        record?: { requestId?: string; status?: string; metrics?: Record<string, number> };
      };
      const m = doc.record?.metrics;
      if (doc.type !== "platform.report" || !m || !doc.record?.requestId) return undefined;
      return {
        requestId: doc.record.requestId,
        durationMs: m.durationMs ?? 0,
        billedDurationMs: m.billedDurationMs ?? 0,
        memorySizeMb: m.memorySizeMB ?? 0,
        maxMemoryUsedMb: m.maxMemoryUsedMB ?? 0,
        ...(m.initDurationMs !== undefined ? { initDurationMs: m.initDurationMs } : {}),
        ...(doc.record.status && doc.record.status !== "success"
          ? { status: doc.record.status }
          : {}),
      };
    } catch {
      return undefined;
    }
  }
  const id = /^REPORT RequestId: ([0-9a-fA-F-]+)/.exec(trimmed)?.[1];
  if (!id) return undefined;
  const init = num(/Init Duration: ([\d.]+) ms/, trimmed);
  const status = /Status: (\w+)/.exec(trimmed)?.[1];
  return {
    requestId: id,
    durationMs:
      num(/\tDuration: ([\d.]+) ms/, trimmed) ?? num(/ Duration: ([\d.]+) ms/, trimmed) ?? 0,
    billedDurationMs: num(/Billed Duration: ([\d.]+) ms/, trimmed) ?? 0,
    memorySizeMb: num(/Memory Size: (\d+) MB/, trimmed) ?? 0,
    maxMemoryUsedMb: num(/Max Memory Used: (\d+) MB/, trimmed) ?? 0,
    ...(init !== undefined ? { initDurationMs: init } : {}),
    ...(status ? { status } : {}),
  };
}

/** The REPORT of a log tail (the last one when several). */
export function findReport(logTail: string): InvocationReport | undefined {
  let found: InvocationReport | undefined;
  for (const line of logTail.split("\n")) found = parseReportLine(line) ?? found;
  return found;
}

/** Public Lambda prices (us-east-1): per GB-second by architecture, per request. */
const PRICES = {
  x86_64: 0.0000166667,
  arm64: 0.0000133334,
  perRequest: 0.2 / 1_000_000,
} as const;

/** The cost of one invocation in dollars: compute (GB-s at billed duration) plus the request. */
export function invocationCost(
  r: Pick<InvocationReport, "billedDurationMs" | "memorySizeMb">,
  architecture: string,
): number {
  const gbSeconds = (r.memorySizeMb / 1024) * (r.billedDurationMs / 1000);
  const rate = architecture === "arm64" ? PRICES.arm64 : PRICES.x86_64;
  return gbSeconds * rate + PRICES.perRequest;
}
