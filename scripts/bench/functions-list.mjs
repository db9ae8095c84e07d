// Issue 5 bench: /functions at 5,000 functions against the same page at 50 functions (load marks)
// and a static 5,000-row table (scroll frame-time floor), all in one run of the real product.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { zipSync, strToU8 } from "fflate";
import { CreateFunctionCommand, LambdaClient, ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { freePort } from "./engine-target.mjs";
import {
  launchBrowser,
  measureFunctionsPage,
  measureStaticScroll,
  signIn,
} from "./functions-list-page.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIG = Number(process.env.BENCH_BIG || 5000);
const SMALL = 50;
const STEPS = 120;
const PARALLEL = 12;
const ADMIN_PASSWORD = "bench-admin-password";
// The launcher may have to build the console first; that is setup, not a measured figure.
const START_TIMEOUT_MS = 8 * 60_000;

const fnName = (i) => `bench-fn-${String(i).padStart(5, "0")}`;

async function distinctPorts(n) {
  const ports = new Set();
  while (ports.size < n) ports.add(await freePort());
  return [...ports];
}

/** `node scripts/start.mjs` in its own process group; resolves once it prints that it is ready. */
async function startProduct(env, log) {
  const child = spawn(process.execPath, [path.join(ROOT, "scripts/start.mjs")], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let tail = [];
  const keep = (line) => (tail = [...tail.slice(-40), line]);
  readline.createInterface({ input: child.stderr }).on("line", keep);
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("the product was not ready in time")),
      START_TIMEOUT_MS,
    );
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      keep(line);
      if (line.startsWith("[start] building")) log(line);
      if (line.startsWith("[start] Lambda Console is ready")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`the launcher exited (${sig ?? code}):\n${tail.join("\n")}`));
    });
  });
  ready.catch(() => {});
  return { child, ready, tail: () => tail.join("\n") };
}

function descendants(pid) {
  const out = [];
  for (const e of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(e), ...descendants(Number(e)));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** SIGTERM the launcher's group (it stops its children); SIGKILL whatever is left after 15 s. */
async function stopProduct(child) {
  const tree = descendants(child.pid);
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  }
  for (const pid of [child.pid, ...tree]) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
}

async function seed(client, from, to) {
  const zip = zipSync({ "index.mjs": strToU8("export const handler = async () => 'ok';\n") });
  let next = from;
  const worker = async () => {
    while (next <= to) {
      const i = next++;
      await client.send(
        new CreateFunctionCommand({
          FunctionName: fnName(i),
          Runtime: "nodejs20.x",
          Handler: "index.handler",
          Role: "arn:aws:iam::000000000000:role/bench",
          Code: { ZipFile: zip },
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}

/** The engine's share: every ListFunctions page in order, through the SDK, as the console asks. */
async function listAll(client) {
  const t = performance.now();
  let marker;
  do {
    const out = await client.send(
      new ListFunctionsCommand({ MaxItems: 50, ...(marker ? { Marker: marker } : {}) }),
    );
    marker = out.NextMarker;
  } while (marker);
  return performance.now() - t;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? NaN;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};

/** Runs `n` visits and keeps the median of each mark (frames pooled). */
async function visits(context, baseUrl, total, n, log) {
  const runs = [];
  for (let i = 0; i < n; i++) {
    const r = await measureFunctionsPage(context, baseUrl, {
      total,
      firstName: fnName(1),
      lastName: fnName(total),
      steps: STEPS,
    });
    const f = (x) => x?.toFixed(0);
    log(
      `${total} functions, visit ${i + 1}: server response alone ${f(r.serverMs)} ms, ` +
        `first row ${f(r.firstRow)} ms, all pages ${f(r.allPages)} ms, ` +
        `no "…" ${f(r.noPlaceholder)} ms, ${r.maxRows} rows max`,
    );
    runs.push(r);
  }
  return {
    ssrHasFirst: runs.every((r) => r.ssrHasFirst),
    serverMs: median(runs.map((r) => r.serverMs)),
    firstRow: median(runs.map((r) => r.firstRow)),
    allPages: median(runs.map((r) => r.allPages)),
    noPlaceholder: median(runs.map((r) => r.noPlaceholder)),
    frames: runs.flatMap((r) => r.frames),
    maxRows: Math.max(...runs.map((r) => r.maxRows)),
  };
}

function renderTable(big, small, floor, engine) {
  const ms = (x) => `${x.toFixed(1)} ms`;
  const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}×` : "—");
  const row = (m, a, b, r) => `| ${m} | ${a} | ${b} | ${r} |`;
  const lines = [
    `| measure | 5,000 functions | baseline | ratio |`,
    `| --- | --- | --- | --- |`,
    row(
      "first function's name in the server HTML (baseline: 50 functions)",
      big.ssrHasFirst ? "yes" : "NO",
      small.ssrHasFirst ? "yes" : "NO",
      "—",
    ),
  ];
  for (const [label, key] of [
    ["time to first row visible", "firstRow"],
    ['time until the count reads "5000 functions" (all pages loaded)', "allPages"],
    [
      'time until no "…" placeholder cell remains (last rows, scrolled to the bottom)',
      "noPlaceholder",
    ],
  ]) {
    lines.push(
      row(
        `${label} (baseline: 50 functions)`,
        ms(big[key]),
        ms(small[key]),
        ratio(big[key], small[key]),
      ),
    );
  }
  lines.push(
    row(
      "where it goes: engine, every ListFunctions page through the SDK (baseline: 50 functions)",
      ms(engine.big),
      ms(engine.small),
      ratio(engine.big, engine.small),
    ),
    row(
      "where it goes: the whole /functions response alone, no browser (baseline: 50 functions)",
      ms(big.serverMs),
      ms(small.serverMs),
      ratio(big.serverMs, small.serverMs),
    ),
  );
  for (const p of [50, 95]) {
    const a = pct(big.frames, p);
    const b = pct(floor.frames, p);
    lines.push(
      row(
        `scroll frame time p${p}, ${STEPS} steps top→bottom (baseline: static 5,000-row table)`,
        ms(a),
        ms(b),
        ratio(a, b),
      ),
    );
  }
  lines.push(
    row(
      "max table rows in the DOM (bar: < 60; baseline: static 5,000-row table)",
      `${big.maxRows} (${big.maxRows < 60 ? "met" : "NOT met"})`,
      String(floor.maxRows),
      ratio(big.maxRows, floor.maxRows),
    ),
  );
  lines.push(row("max table rows in the DOM at 50 functions", "—", String(small.maxRows), "—"));
  return lines.join("\n");
}

/** @returns {Promise<{ table: string }>} a markdown table; everything started is stopped. */
export async function functionsListBench({
  log = (m) => console.error(`[functions-list] ${m}`),
} = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "functions-list-bench-"));
  const config = path.join(dataDir, "targets.json");
  fs.writeFileSync(config, JSON.stringify({ targets: [] }));
  const [port, enginePort, idpPort] = await distinctPorts(3);
  let product = null;
  let browser = null;
  // The launcher leads its own process group, so a Ctrl-C here would not reach it: pass it on.
  const onSignal = async () => {
    if (product) await stopProduct(product.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    product = await startProduct(
      {
        PORT: String(port),
        LAMBDA_ENGINE_PORT: String(enginePort),
        LAMBDA_IDP_PORT: String(idpPort),
        LAMBDA_REGISTRY_PORT: "off",
        LAMBDA_CONSOLE_DATA_DIR: dataDir,
        LAMBDA_CONSOLE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        LAMBDA_CONSOLE_CONFIG: config,
        LAMBDA_CONSOLE_TARGETS: "",
      },
      log,
    );
    await product.ready;
    log(`product ready on :${port} (engine :${enginePort}, idp :${idpPort})`);
    const credentials = JSON.parse(
      fs.readFileSync(path.join(dataDir, "engine-credentials.json"), "utf8"),
    );
    const client = new LambdaClient({
      endpoint: `http://127.0.0.1:${enginePort}`,
      region: "us-east-1",
      credentials: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
      },
      maxAttempts: 1,
    });
    const baseUrl = `http://localhost:${port}`;
    const launched = await launchBrowser();
    browser = launched.browser;
    const context = launched.context;
    await seed(client, 1, SMALL);
    await signIn(context, baseUrl, idpPort, "admin", ADMIN_PASSWORD);
    await visits(context, baseUrl, SMALL, 1, log); // warm-up: first render of the route, caches
    const small = await visits(context, baseUrl, SMALL, 3, log);
    const engine = {
      small: median([await listAll(client), await listAll(client), await listAll(client)]),
    };
    log(`baseline at ${SMALL} functions measured; seeding to ${BIG}`);
    const t = Date.now();
    await seed(client, SMALL + 1, BIG);
    log(`seeded ${BIG - SMALL} functions in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    engine.big = median([await listAll(client), await listAll(client), await listAll(client)]);
    log(
      `engine: every page through the SDK ${engine.big.toFixed(0)} ms (${SMALL}: ${engine.small.toFixed(0)} ms)`,
    );
    client.destroy();
    const big = await visits(context, baseUrl, BIG, 3, log);
    const floor = await measureStaticScroll(context, BIG, STEPS);
    return {
      table: renderTable(big, small, floor, engine),
      allLoadedS: big.allPages / 1000,
      noPlaceholderS: big.noPlaceholder / 1000,
    };
  } catch (err) {
    if (product) log(`launcher output (tail):\n${product.tail()}`);
    throw err;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await browser?.close().catch(() => {});
    if (product) await stopProduct(product.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t = Date.now();
  const { table } = await functionsListBench();
  console.log(table);
  console.error(`[functions-list] total ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
