import fs from "node:fs";
import net from "node:net";
import { expect } from "vitest";
import { engineTest } from "@/test/support/fixtures";

/**
 * A burst of callers connecting at once (1,000 SDK clients after a throttle wave, issue 18) is
 * accepted whole. With Node's default accept backlog (511) the kernel drops the connections past
 * it, and those callers wait for their SYN retransmit, a second or more, before the engine sees
 * them. The kernel counts each drop (TcpExt ListenOverflows); none may happen here.
 */

const test = engineTest("listen-backlog-");
const CALLERS = 800;

/** The kernel's count of connections dropped at a full accept queue (machine-wide). */
function listenOverflows(): number {
  const lines = fs.readFileSync("/proc/net/netstat", "utf8").split("\n");
  const i = lines.findIndex((l) => l.startsWith("TcpExt:"));
  const names = (lines[i] ?? "").split(/\s+/);
  const values = (lines[i + 1] ?? "").split(/\s+/);
  return Number(values[names.indexOf("ListenOverflows")]);
}

/** Opens a plain connection and closes it once established. */
function connectAndClose(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.once("close", () => resolve());
      s.end();
    });
    s.once("error", reject);
  });
}

test("800 callers connecting at once are all queued by the kernel, none dropped", async ({
  testEngine,
}) => {
  const port = testEngine.engine.ctx.config.port;
  const before = listenOverflows();
  // All connects are issued in this one turn, before the engine (same process) accepts any: the
  // kernel must hold all 800 in the listening socket's queue.
  await Promise.all(Array.from({ length: CALLERS }, () => connectAndClose(port)));
  expect(listenOverflows() - before).toBe(0);
});
