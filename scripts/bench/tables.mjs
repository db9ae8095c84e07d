// The bench's tables: engine beside peer and floors, and the issue's goals as ratios in one run.
const f1 = (x) =>
  x == null || Number.isNaN(x)
    ? "—"
    : x >= 100
      ? x.toFixed(0)
      : x >= 10
        ? x.toFixed(1)
        : x.toFixed(2);
const ratio = (a, b) => (a == null || b == null || !b ? "—" : `${(a / b).toFixed(2)}×`);

/** measure | engine | peer | floor | engine/peer | engine/floor ("lower is better" unless ↑). */
export function engineTable(res) {
  const E = res.engine,
    P = res.peer,
    F = res.floor,
    R = res.ricBurst;
  const rows = [
    [
      "Start → Invoke port open, median, ms (floor: node:http server)",
      E.bootMsMedian,
      P.bootMsMedian,
      F.bootMsMedian,
    ],
    [
      "First invoke after start (cold), ms (floor: node child + handler + 1 request)",
      E.firstMs,
      P.firstMs,
      res.coldChild.median,
    ],
    [
      "New-env cold invoke, median, ms (same floor)",
      E.coldFns.median,
      P.coldFns.median,
      res.coldChild.median,
    ],
    [
      "Warm sequential p50, ms (SDK; floor: node:http echo)",
      E.seqSdk.p50,
      P.seqSdk.p50,
      F.seqSdk.p50,
    ],
    ...(res.hopRapi
      ? [
          [
            "Warm sequential p50, ms (SDK; floor: the echo answered by a second Node.js process over the Runtime API)",
            E.seqSdk.p50,
            P.seqSdk.p50,
            res.hopRapi.p50,
          ],
          [
            "the same, floor: answered by a second process over a unix socket (one line each way)",
            E.seqSdk.p50,
            P.seqSdk.p50,
            res.hopRaw.p50,
          ],
        ]
      : []),
    ["Warm sequential p99, ms (SDK)", E.seqSdk.p99, P.seqSdk.p99, F.seqSdk.p99],
    ["Throughput 16 callers, inv/s (SDK) ↑", E.tpSdk.rps, P.tpSdk.rps, F.tpSdk.rps],
    [
      "Server CPU per invoke (SDK run), µs",
      E.tpSdk.serverCpuUsPerInv,
      P.tpSdk.serverCpuUsPerInv,
      F.tpSdk.serverCpuUsPerInv,
    ],
    [
      "Warm sequential p50 after load, ms (SDK)",
      E.seqSdkAfterLoad.p50,
      P.seqSdkAfterLoad.p50,
      F.seqSdkAfterLoad.p50,
    ],
    ["Warm sequential p50, ms (raw http)", E.seqRaw?.p50, P.seqRaw?.p50, F.seqRaw?.p50],
    ["Warm sequential p99, ms (raw http)", E.seqRaw?.p99, P.seqRaw?.p99, F.seqRaw?.p99],
    ["Throughput 16 callers, inv/s (raw http) ↑", E.tpRaw?.rps, P.tpRaw?.rps, F.tpRaw?.rps],
    [
      "50 × 100 ms sleep burst #1, wall ms (floor: node:http)",
      E.burst1.wallMs,
      P.burst1.wallMs,
      F.burst1.wallMs,
    ],
    [
      "50 × 100 ms sleep burst #1, wall ms (floor: 50 bare aws-lambda-ric in bubblewrap at once)",
      E.burst1.wallMs,
      P.burst1.wallMs,
      R.wallMs,
    ],
    [
      "50 × 100 ms sleep burst #1, wall ms (floor: the same 50 with Lambda's Node.js flags)",
      E.burst1.wallMs,
      P.burst1.wallMs,
      res.ricBurstFlags?.wallMs,
    ],
    [
      "50 × 100 ms sleep burst #2, wall ms (floor: node:http)",
      E.burst2.wallMs,
      P.burst2.wallMs,
      F.burst2.wallMs,
    ],
    [
      "Server RSS after bursts, MB (floor: the 50 bare aws-lambda-ric processes)",
      E.rssAfterBurstsMb,
      P.rssAfterBurstsMb,
      R.rssSumMb,
    ],
    [
      `RSS per environment after the bursts, MB (runtime, its bubblewrap and slirp4netns; ${E.rssPerEnvironment?.envs ?? "—"} environments and standbys; floor: one bare aws-lambda-ric in bubblewrap, median)`,
      E.rssPerEnvironment?.mb,
      undefined,
      R.rssMedianMb,
    ],
    [
      "the same, floor: that runtime process alone (without its bubblewrap processes)",
      E.rssPerEnvironment?.mb,
      undefined,
      R.runtimeRssMedianMb,
    ],
    [
      "PSS per environment after the bursts, MB (shared pages divided among their processes; floor: that runtime process alone)",
      E.pssPerEnvironment?.mb,
      undefined,
      R.runtimePssMedianMb,
    ],
    [
      "Server RSS after throughput, MB (floor: node:http server)",
      E.rssAfterLoadMb,
      P.rssAfterLoadMb,
      F.rssAfterLoadMb,
    ],
  ];
  const lines = [
    "| measure | engine | peer | floor | engine/peer | engine/floor |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const [m, e, p, f] of rows)
    lines.push(`| ${m} | ${f1(e)} | ${f1(p)} | ${f1(f)} | ${ratio(e, p)} | ${ratio(e, f)} |`);
  const errs = ["tpSdk", "tpRaw", "burst1", "burst2"]
    .filter((k) => E[k])
    .map((k) => `${k} ${E[k].err}`)
    .join(", ");
  lines.push(
    "",
    `Engine errors: ${errs}. Burst overlap: engine ${E.burst1.maxInFlight}/50 and ${E.burst2.maxInFlight}/50 in flight (${E.burst1.envs} environments), peer ${P.burst1.maxInFlight}/50, bare runtime floor ${R.overlapped}/50${res.ricBurstFlags ? ` (with Lambda's flags ${res.ricBurstFlags.overlapped}/50)` : ""}. CPU of the 50 floor runtimes: bare ${f1(R.cpuMs)} ms${res.ricBurstFlags ? `, with Lambda's flags ${f1(res.ricBurstFlags.cpuMs)} ms` : ""}.`,
    `Floors: bare \`node -e 0\` ${f1(res.nodeStart)} ms; node child + handler + 1 Runtime API exchange ${f1(res.coldRapi.median)} ms; bare aws-lambda-ric spawn → response ${f1(res.ricCold)} ms; one bare aws-lambda-ric process in bubblewrap after its invoke: RSS ${f1(R.rssMedianMb)} MB (memory floor per environment).`,
  );
  return lines.join("\n");
}

/** The issue's goals (issue 18), each a ratio measured in this run. */
export function goalsTable(res, { conc, list, soak } = {}) {
  const E = res.engine,
    P = res.peer,
    F = res.floor,
    R = res.ricBurst;
  const rows = [
    [
      "Warm invoke p50 / node:http echo (same SDK client)",
      E.seqSdk.p50 / F.seqSdk.p50,
      "≤ 1.3×",
      (r) => r <= 1.3,
    ],
    ...(res.hopRapi
      ? [
          [
            "(context) Runtime API floor (the echo answered by a second process over the Runtime API) / the echo",
            res.hopRapi.p50 / F.seqSdk.p50,
            "—",
            null,
          ],
          [
            "(context) Warm invoke p50 / that Runtime API floor",
            E.seqSdk.p50 / res.hopRapi.p50,
            "—",
            null,
          ],
          [
            "(context) Warm invoke p50 / the echo answered by a second process over a unix socket",
            E.seqSdk.p50 / res.hopRaw.p50,
            "—",
            null,
          ],
        ]
      : []),
    ["Throughput (SDK) / peer ↑", E.tpSdk.rps / P.tpSdk.rps, "≥ 1.0×", (r) => r >= 1],
    [
      "Server CPU per invoke / peer",
      E.tpSdk.serverCpuUsPerInv / P.tpSdk.serverCpuUsPerInv,
      "≤ 1.0×",
      (r) => r <= 1,
    ],
    [
      "First burst wall / peer",
      E.burst1.wallMs / P.burst1.wallMs,
      `≤ 1.0×, 50/50 overlapped (${E.burst1.maxInFlight}/50)`,
      (r) => r <= 1 && E.burst1.maxInFlight === 50,
    ],
    [
      "First burst wall / 50 bare aws-lambda-ric in bubblewrap",
      E.burst1.wallMs / R.wallMs,
      "≤ 1.3×",
      (r) => r <= 1.3,
    ],
    ...(res.ricBurstFlags
      ? [
          [
            "(context) First burst wall / the same 50 runtimes with Lambda's Node.js flags",
            E.burst1.wallMs / res.ricBurstFlags.wallMs,
            "—",
            null,
          ],
        ]
      : []),
    [
      "RSS after bursts / 50 bare runtime processes",
      E.rssAfterBurstsMb / R.rssSumMb,
      "≤ 1.2×",
      (r) => r <= 1.2,
    ],
    ...(E.rssPerEnvironment
      ? [
          [
            "RSS per environment / one bare runtime process in bubblewrap",
            E.rssPerEnvironment.mb / R.rssMedianMb,
            "≤ 1.1×",
            (r) => r <= 1.1,
          ],
          [
            "RSS per environment / that runtime process alone (no bubblewrap)",
            E.rssPerEnvironment.mb / R.runtimeRssMedianMb,
            "≤ 1.1×",
            (r) => r <= 1.1,
          ],
          [
            "PSS per environment / that runtime process alone",
            E.pssPerEnvironment.mb / R.runtimePssMedianMb,
            "≤ 1.1×",
            (r) => r <= 1.1,
          ],
        ]
      : []),
    [
      "Engine start → port open, ms (absolute; node:http floor in this run: " +
        f1(F.bootMsMedian) +
        " ms)",
      E.bootMsMedian,
      "≤ 150 ms",
      (r) => r <= 150,
    ],
  ];
  if (conc)
    rows.push(
      [
        `Drain 1,000 × 100 ms at reserved 50 / ideal: synchronous callers retrying throttles (their same-client node:http floor: ${ratio(conc.floorDrainMs, conc.idealMs)})`,
        conc.ratio,
        "≤ 1.3×",
        (r) => r <= 1.3,
      ],
      [
        `the same as Event invokes, the engine's queue: first 202 → last end (from the first request: ${ratio(conc.events.drainMs, conc.idealMs)})`,
        conc.events.drainFromAcceptedMs / conc.idealMs,
        "≤ 1.3×",
        (r) => r <= 1.3 && conc.events.completed === conc.invokes,
      ],
    );
  if (soak) {
    const first = soak.samples[1] ?? soak.samples[0];
    const last = soak.samples[soak.samples.length - 1];
    rows.push([
      "Soak of 100,000: p50 of the last 10,000 / the first 10,000",
      soak.ratio,
      "within 10%",
      (r) => Math.abs(r - 1) <= 0.1,
    ]);
    rows.push([
      `Soak: engine RSS, last / first sample (${f1(first.engineRssMb)} → ${f1(last.engineRssMb)} MB; fds ${first.engineFds} → ${last.engineFds}, helpers' fds ${first.helpersFds} → ${last.helpersFds})`,
      last.engineRssMb / first.engineRssMb,
      "flat (≤ 1.1×), fds equal",
      (r) => r <= 1.1 && last.engineFds <= first.engineFds && last.helpersFds <= first.helpersFds,
    ]);
  }
  if (list) {
    rows.push([
      "Functions list at 5,000: all pages loaded, s",
      list.allLoadedS,
      "≤ 1.5 s",
      (r) => r <= 1.5,
    ]);
    rows.push([
      "Functions list at 5,000: no placeholder cell, s",
      list.noPlaceholderS,
      "≤ 2 s",
      (r) => r <= 2,
    ]);
  }
  const lines = ["| goal | measured | bar | met |", "| --- | --- | --- | --- |"];
  for (const [m, v, bar, ok] of rows)
    lines.push(
      `| ${m} | ${bar.includes("ms") || bar.includes(" s") ? f1(v) : `${v.toFixed(2)}×`} | ${bar} | ${!ok ? "—" : ok(v) ? "yes" : "NO"} |`,
    );
  return lines.join("\n");
}
