import { shapeMetadata, splitStreamPrelude, type UrlResponse } from "./payload";

/** A prelude longer than this is not one: the bytes are the body. */
const MAX_PRELUDE = 64 * 1024;

export type Head = Omit<UrlResponse, "body">;

/**
 * RESPONSE_STREAM: turns the pieces a streaming function writes into an HTTP response as they
 * come. awslambda.HttpResponseStream's prelude (JSON, eight NUL bytes) sets status, headers and
 * cookies; without one the status is 200 and the bytes are the body. `start` writes the head.
 */
export class UrlStreamWriter {
  private buffered = Buffer.alloc(0);
  private open = false;

  constructor(
    private readonly start: (head: Head) => void,
    private readonly write: (chunk: Buffer) => void,
  ) {}

  /** True once the head is out (the caller must not answer otherwise). */
  get started(): boolean {
    return this.open;
  }

  push(chunk: Buffer): void {
    if (this.open) {
      if (chunk.length > 0) this.write(chunk);
      return;
    }
    this.buffered = Buffer.concat([this.buffered, chunk]);
    if (this.buffered[0] !== 0x7b) return this.begin(undefined, this.buffered);
    const split = splitStreamPrelude(this.buffered);
    if (split) return this.begin(split.prelude, split.body);
    if (this.buffered.length > MAX_PRELUDE) this.begin(undefined, this.buffered);
  }

  private begin(prelude: Record<string, unknown> | undefined, rest: Buffer): void {
    const shaped = prelude
      ? shapeMetadata(prelude, Buffer.alloc(0))
      : { status: 200, headers: { "content-type": "application/octet-stream" }, cookies: [] };
    this.open = true;
    this.buffered = Buffer.alloc(0);
    this.start({ status: shaped.status, headers: shaped.headers, cookies: shaped.cookies });
    if (rest.length > 0) this.write(rest);
  }
}
