import { AwsError } from "../errors/aws-error";

/** Lambda's scaling window: N new environments per function per 10 seconds. */
const WINDOW_MS = 10_000;

/**
 * How fast environments may start: per function, at most `rate` new environments in any 10 s
 * window (AWS: 1,000). Warm reuse is never limited, only scale-out.
 */
export class ScalingLimiter {
  private readonly starts = new Map<string, number[]>();

  constructor(readonly rate: number) {}

  tryStart(functionName: string, now = Date.now()): boolean {
    let list = this.starts.get(functionName);
    if (!list) this.starts.set(functionName, (list = []));
    while (list.length > 0 && (list[0] ?? 0) <= now - WINDOW_MS) list.shift();
    if (list.length >= this.rate) return false;
    list.push(now);
    return true;
  }
}

/** The machine cap was reached and nothing freed up in time: said plainly, never a silent hang. */
export function machineCapError(cap: number): AwsError {
  return new AwsError(
    429,
    "TooManyRequestsException",
    `Rate Exceeded. The local engine is at its machine cap of ${cap} live execution environments (LAMBDA_ENGINE_MAX_ENVIRONMENTS); retry later or raise the cap.`,
    "message",
    { Reason: "ConcurrentInvocationLimitExceeded" },
    { "retry-after": "1" },
  );
}

export function scalingRateError(rate: number): AwsError {
  return new AwsError(
    429,
    "TooManyRequestsException",
    `Rate Exceeded. The function is scaling faster than ${rate} new execution environments per 10 seconds (LAMBDA_ENGINE_SCALING_RATE).`,
    "message",
    { Reason: "FunctionInvocationRateLimitExceeded" },
    { "retry-after": "1" },
  );
}
