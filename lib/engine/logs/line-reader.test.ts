import { PassThrough } from "node:stream";
import { expect, test } from "vitest";
import { readLines } from "./line-reader";

const tick = () => new Promise((r) => setImmediate(r));

test("lines split across chunks arrive whole; an unterminated rest comes with flush(), once", async () => {
  const source = new PassThrough();
  const lines: string[] = [];
  const flush = readLines(source, (l) => lines.push(l));
  source.write("one\ntw");
  source.write("o\n\nthr");
  await tick();
  expect(lines).toEqual(["one", "two", ""]);
  flush();
  flush();
  expect(lines).toEqual(["one", "two", "", "thr"]);
});

test("the stream's end hands on what was printed without a final newline", async () => {
  const source = new PassThrough();
  const lines: string[] = [];
  readLines(source, (l) => lines.push(l));
  source.end("héllo\nlast");
  await tick();
  expect(lines).toEqual(["héllo", "last"]);
});
