import type { Readable } from "node:stream";

/**
 * Hands each line of a process's output to `onLine` (without its newline). Returns flush(): it
 * hands on an unterminated rest, as the stream's end does (a process that printed without a
 * newline, then stopped).
 */
export function readLines(source: Readable, onLine: (line: string) => void): () => void {
  let partial = "";
  const flush = () => {
    const rest = partial;
    partial = "";
    if (rest) onLine(rest);
  };
  source.setEncoding("utf8");
  source.on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  });
  source.on("end", flush);
  return flush;
}
