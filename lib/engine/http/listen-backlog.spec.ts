import net from "node:net";
import { expect } from "vitest";
import { engineTest } from "@/test/support/fixtures";

/**
 * A burst of callers connecting at once (1,000 SDK clients after a throttle wave, issue 18) is
 * accepted whole. With Node's default accept backlog (511) the kernel drops the SYNs past it and
 * those callers wait for their SYN retransmit, a second or more, before the engine sees them.
 */

const test = engineTest("listen-backlog-");
const CALLERS = 800;
/** Linux retransmits a dropped SYN after 1 s (its initial RTO); an accepted connect completes well before. */
const RETRANSMIT_MS = 1000;

/** Opens a plain connection; resolves with the ms until it was established, once it is closed. */
function connectedAfter(port: number, t0: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      const ms = performance.now() - t0;
      s.once("close", () => resolve(ms));
      s.end();
    });
    s.once("error", reject);
  });
}

test("800 callers connecting at once all get through without waiting for a SYN retransmit", async ({
  testEngine,
}) => {
  const port = testEngine.engine.ctx.config.port;
  const t0 = performance.now();
  // All connects are issued in this one turn, before the engine (same process) accepts any.
  const connects = await Promise.all(
    Array.from({ length: CALLERS }, () => connectedAfter(port, t0)),
  );
  const late = connects.filter((ms) => ms >= RETRANSMIT_MS);
  expect(late, `slowest connect ${Math.max(...connects).toFixed(0)} ms`).toEqual([]);
});
