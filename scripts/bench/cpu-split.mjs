// `node scripts/bench/cpu-split.mjs [callers] [rounds]`: where the CPU of a warm invoke goes
// (issue 18). Starts the compiled engine with one function, warms it (3,000 invokes), then runs
// `rounds` (default 3) rounds of 5 s with `callers` (default 16) SDK callers and prints, per
// invoke, the CPU (/proc schedstat) of the engine process and of each kind of process under it
// (process-tree.mjs's byProcessKind: runtimes, spawn helper, bwrap…). The first round of several
// callers also starts their environments.
import { CREDS, now, sdkTarget } from "./peer/measure.mjs";
import { cpuMsByProcessKind } from "./peer/process-tree.mjs";
import { HANDLER } from "./peer/targets.mjs";
import { engineTarget } from "./engine-target.mjs";

const callers = Number(process.argv[2] ?? 16);
const rounds = Number(process.argv[3] ?? 3);
const start = engineTarget({
  credentials: CREDS,
  handlerFile: HANDLER,
  functions: [{ name: "hello", handler: "handler.hello" }],
});
const s = await start();
const t = sdkTarget(s.port, s.fnName);
try {
  for (let i = 0; i < 3000; i++) await t.invoke("hello");
  for (let round = 1; round <= rounds; round++) {
    const before = cpuMsByProcessKind(s.pid);
    const end = now() + 5000;
    let ok = 0;
    const caller = async () => {
      while (now() < end) {
        await t.invoke("hello");
        ok++;
      }
    };
    await Promise.all(Array.from({ length: callers }, caller));
    const after = cpuMsByProcessKind(s.pid);
    const usPerInvoke = Object.fromEntries(
      Object.entries(after)
        .map(([kind, ms]) => [kind, ms - (before[kind] ?? 0)])
        .filter(([, ms]) => ms > 0)
        .map(([kind, ms]) => [kind, Math.round((ms * 1000) / ok)]),
    );
    console.log(JSON.stringify({ round, callers, invokesPerS: Math.round(ok / 5), usPerInvoke }));
  }
} finally {
  await s.stop();
  start.cleanup();
}
