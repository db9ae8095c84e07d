import type { Readable } from "node:stream";
import type { LogBatcher } from "./log-batcher";
import { readLines } from "./line-reader";

/**
 * One environment's log stream: the process's stdout/stderr lines and the platform lines,
 * as events; plus a capture of the current invocation's lines for X-Amz-Log-Type: Tail.
 */
export class EnvironmentLog {
  private capture: string[] | undefined;
  /** Node printed its heap-exhaustion banner: the exit that follows is an out-of-memory. */
  sawHeapOom = false;
  /** One per attached stream: hands on what it printed without a final newline. */
  private readonly flushes: (() => void)[] = [];
  /** Sees each line of the process's output (telemetry's function stream). */
  onOutput: ((line: string) => void) | undefined;
  /** LoggingConfig.SystemLogLevel over the engine's own lines (see log-levels.ts). */
  systemFilter: ((line: string) => boolean) | undefined;
  /** LoggingConfig.ApplicationLogLevel over the process's output (see log-levels.ts). */
  appFilter: ((line: string) => boolean) | undefined;

  constructor(
    private readonly batcher: LogBatcher,
    readonly group: string,
    readonly stream: string,
  ) {}

  attach(source: Readable): void {
    this.flushes.push(readLines(source, (line) => this.output(line)));
  }

  /** Adds one of the engine's own lines (platform records), unless the system level drops it. */
  line(message: string): void {
    if (this.systemFilter && !this.systemFilter(message)) return;
    this.write(message);
  }

  private output(line: string): void {
    this.onOutput?.(line);
    // Seen even when the level drops the line: it decides the error type of the exit.
    if (line.includes("JavaScript heap out of memory")) this.sawHeapOom = true;
    if (this.appFilter && !this.appFilter(line)) return;
    this.write(line);
  }

  /** Adds one event now; runtimes write multi-line records with \r between lines, as on Lambda. */
  private write(message: string): void {
    const text = message.replace(/\r/g, "\n");
    if (text.includes("JavaScript heap out of memory")) this.sawHeapOom = true;
    this.batcher.push(this.group, this.stream, { timestamp: Date.now(), message: text });
    this.capture?.push(text);
  }

  /** Emits any unterminated output (a process that printed without a newline, then stopped). */
  flushPartials(): void {
    for (const flush of this.flushes) flush();
  }

  beginCapture(): void {
    this.capture = [];
  }

  /** Ends the capture and returns the last 4 KB of it, as X-Amz-Log-Result wants. */
  endCapture(): string {
    const lines = this.capture ?? [];
    this.capture = undefined;
    const text = Buffer.from(lines.map((l) => l + "\n").join(""), "utf8");
    return (text.length > 4096 ? text.subarray(text.length - 4096) : text).toString("base64");
  }

  flush(): void {
    this.batcher.flush();
  }
}
