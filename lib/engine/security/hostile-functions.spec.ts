/**
 * Hostile functions against the sandbox boundary. Each test is a real function, created and
 * invoked through the AWS SDK on a real engine, trying one attack a tenant's code could try on a
 * shared engine; it must fail, and a positive control shows the function really ran and could
 * have succeeded. Network rule: nothing here sends a packet off this machine (only 127.0.0.0/8,
 * the host's own addresses, and a network namespace the test makes); the metadata range is
 * judged from the function's routing table, never connected to.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import {
  DeleteFunctionConcurrencyCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
} from "@aws-sdk/client-lambda";
import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  GetLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  NODE_CREDENTIALS_ATTACKER,
  NODE_ENV_REPORT,
  NODE_FETCH,
  NODE_HIJACKER,
  NODE_NETWORK_PROBE,
  NODE_VICTIM,
} from "@/test/support/security/hostile-node";
import {
  PYTHON_ENV_REPORT,
  PYTHON_HIJACKER,
  PYTHON_NETWORK_PROBE,
} from "@/test/support/security/hostile-python";
import {
  SHELL_BOOTSTRAP,
  compilePreload,
  hasCompiler,
  preloadMarkers,
} from "@/test/support/security/hostile-native";
import {
  hostAddressHosts,
  hostProcessesWith,
  loopbackListeners,
  metadataRouteVerdict,
  startHostService,
  type HostService,
} from "@/test/support/security/host-view";
import {
  netnsUnavailable,
  startTestNetns,
  type TestNetns,
} from "@/test/support/security/test-netns";
import { logsClientFor } from "@/test/support/lambda";
import {
  createShellImageFunction,
  createZipFunction,
  invokeJson,
  startSecurityEngine,
  type SecurityEngine,
} from "@/test/support/security/security-engine";

const LONG = 180_000;
const rand = () => crypto.randomBytes(8).toString("hex");

/**
 * An image function is made in beforeAll but only its own test fails when the image pipeline
 * (build, push, pull, unpack) does: the zip functions' attacks do not depend on it.
 */
const settle = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );
const rethrow = (e: unknown) => {
  if (e !== undefined) throw e;
};

/**
 * No host-side process holds any needle in its environment or argv. Called while the function's
 * environment is warm; the scan must have seen bwrap's host side, or it proves nothing.
 */
function expectNoHostProcessHolds(needles: Record<string, string>, what: string) {
  const { hits, scanned } = hostProcessesWith(needles);
  expect(hits, what).toEqual([]);
  expect(scanned, "host-side processes the scan looked at").toContain("bwrap");
}

describe("a function's variables and an image's ENV stay inside its sandbox", () => {
  let t: SecurityEngine;
  let imageReady: Promise<unknown>;
  // One marker dir per function: the preload library records there each host process it ran in.
  let nodeMarkers = "";
  let imageMarkers = "";
  const soIn = (dir: string) => path.join(dir, "preload.so");
  const canary = {
    node: `lc-canary-node-${rand()}`,
    python: `lc-canary-python-${rand()}`,
    image: `lc-canary-image-env-${rand()}`,
    imageFunction: `lc-canary-image-fn-${rand()}`,
  };
  // Inside, /var/task/preload.so is the function's own copy and the host path does not exist;
  // a host-side process that honours the variable loads the host copy (a stand-in for any file
  // a tenant can get onto the host, such as its own unpacked code).
  const nodeLdPreload = () =>
    hasCompiler() ? `/var/task/preload.so ${soIn(nodeMarkers)}` : "/var/task/nothing.so";
  const ldLibraryPath = `/var/task/lib:/opt/lc-test-lib-${rand()}`;

  beforeAll(async () => {
    nodeMarkers = fs.mkdtempSync(path.join(os.tmpdir(), "lc-hostile-node-markers-"));
    imageMarkers = fs.mkdtempSync(path.join(os.tmpdir(), "lc-hostile-image-markers-"));
    const so = compilePreload(nodeMarkers);
    compilePreload(imageMarkers);
    t = await startSecurityEngine("lc-hostile-env-", { registry: true });
    await createZipFunction(
      t,
      "env-node",
      "nodejs20.x",
      { "index.mjs": NODE_ENV_REPORT, ...(so ? { "preload.so": so } : {}) },
      { Environment: { Variables: { LAMBDA_CANARY: canary.node, LD_PRELOAD: nodeLdPreload() } } },
    );
    await createZipFunction(
      t,
      "env-python",
      "python3.12",
      { "index.py": PYTHON_ENV_REPORT },
      { Environment: { Variables: { LAMBDA_CANARY: canary.python } } },
    );
    await createZipFunction(
      t,
      "env-ld-library-path",
      "nodejs20.x",
      { "index.mjs": NODE_ENV_REPORT },
      { Environment: { Variables: { LD_LIBRARY_PATH: ldLibraryPath } } },
    );
    imageReady = settle(
      createShellImageFunction(
        t,
        "env-image",
        [
          `IMAGE_CANARY=${canary.image}`,
          ...(hasCompiler() ? [`LD_PRELOAD=${soIn(imageMarkers)}`] : []),
        ],
        { Environment: { Variables: { LAMBDA_CANARY: canary.imageFunction } } },
      ),
    );
  }, LONG);

  afterAll(async () => {
    await t?.close();
    for (const dir of [nodeMarkers, imageMarkers])
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    "a Node.js function sees LAMBDA_CANARY and LD_PRELOAD; no host-side process holds them",
    async () => {
      const r = await invokeJson(t, "env-node", {});
      expect(r.body, "positive control: the function sees its own variables").toMatchObject({
        canary: canary.node,
        ldPreload: nodeLdPreload(),
      });
      if (hasCompiler())
        expect(r.body.preloadedInside, "positive control: LD_PRELOAD applies inside").toBe(true);
      // The environment is alive (warm): its host-side processes (spawn helper, bwrap, slirp4netns,
      // wrappers) exist now.
      expectNoHostProcessHolds(
        { LAMBDA_CANARY: canary.node, ...(hasCompiler() ? { LD_PRELOAD: soIn(nodeMarkers) } : {}) },
        "host-side processes holding the function's variables",
      );
    },
    LONG,
  );

  it.skipIf(!hasCompiler())(
    "LD_PRELOAD in a function's variables never loads into a host-side process (needs cc)",
    async () => {
      const r = await invokeJson(t, "env-node", {});
      expect(r.body, "positive control: the function ran").toMatchObject({ canary: canary.node });
      expect(preloadMarkers(nodeMarkers), "host processes that ran the tenant's library").toEqual(
        [],
      );
    },
    LONG,
  );

  it(
    "a Python function sees its variable; no host-side process holds it",
    async () => {
      const r = await invokeJson(t, "env-python", {});
      expect(r.body, "positive control").toEqual({ canary: canary.python });
      expectNoHostProcessHolds(
        { LAMBDA_CANARY: canary.python },
        "host-side processes holding the function's variables",
      );
    },
    LONG,
  );

  it(
    "an image's ENV (IMAGE_CANARY, LD_PRELOAD) and the function's variables reach only the image's process",
    async () => {
      await imageReady.then(rethrow);
      const r = await invokeJson(t, "env-image", {});
      expect(r.body, "positive control: the image's process sees both").toMatchObject({
        fnCanary: canary.imageFunction,
        imageCanary: canary.image,
      });
      expectNoHostProcessHolds(
        {
          LAMBDA_CANARY: canary.imageFunction,
          IMAGE_CANARY: canary.image,
          ...(hasCompiler() ? { LD_PRELOAD: soIn(imageMarkers) } : {}),
        },
        "host-side processes holding the image's or function's variables",
      );
      if (hasCompiler())
        expect(preloadMarkers(imageMarkers), "host processes that ran the image's library").toEqual(
          [],
        );
    },
    LONG,
  );

  it(
    "a function that sets LD_LIBRARY_PATH sees its own value, as on Lambda; no host-side process gets it",
    async () => {
      const r = await invokeJson(t, "env-ld-library-path", {});
      expectNoHostProcessHolds(
        { LD_LIBRARY_PATH: ldLibraryPath },
        "host-side processes holding the function's LD_LIBRARY_PATH",
      );
      expect(r.body.ldLibraryPath, "LD_LIBRARY_PATH inside the function").toBe(ldLibraryPath);
    },
    LONG,
  );
});

interface AttackResult {
  ok: boolean;
  out?: Record<string, unknown>;
  name?: string;
  status?: number;
  message?: string;
}

describe("function credentials are scoped like a basic execution role", () => {
  let t: SecurityEngine;
  let logs: CloudWatchLogsClient;
  const attacker = "cred-attacker";
  const victim = "cred-victim";
  const secret = `victim-secret-${rand()}`;
  const attack = async (op: string, extra: Record<string, unknown> = {}) =>
    (await invokeJson<AttackResult>(t, attacker, { op, victim, ...extra })).body;

  /** What the attacker got, in one line a failure can show: the outcome and whether B's secret came back. */
  const outcome = (r: AttackResult) => ({
    outcome: r.ok ? "succeeded" : `${r.name ?? "?"} ${r.status ?? "?"}`,
    returnedVictimSecret: JSON.stringify(r).includes(secret),
  });

  const expectDenied = (r: AttackResult, op: string) => {
    expect(outcome(r), `lambda:${op} on another function with a function's credentials`).toEqual({
      outcome: "AccessDeniedException 403",
      returnedVictimSecret: false,
    });
    expect(r.message).toMatch(/^User: /);
    expect(r.message).toContain(`is not authorized to perform: lambda:${op}`);
  };

  beforeAll(async () => {
    t = await startSecurityEngine("lc-hostile-creds-");
    logs = logsClientFor(t.engine);
    await createZipFunction(
      t,
      victim,
      "nodejs20.x",
      { "index.mjs": NODE_VICTIM },
      { Description: "the victim", Environment: { Variables: { VICTIM_SECRET: secret } } },
    );
    await createZipFunction(t, attacker, "nodejs20.x", { "index.mjs": NODE_CREDENTIALS_ATTACKER });
  }, LONG);

  afterAll(async () => {
    logs?.destroy();
    await t?.close();
  });

  it(
    "GetFunction on another function is denied and returns none of its variables",
    async () => {
      const r = await attack("getFunction");
      expectDenied(r, "GetFunction");
    },
    LONG,
  );

  it(
    "GetFunctionConfiguration on another function is denied",
    async () => {
      const r = await attack("getFunctionConfiguration");
      expectDenied(r, "GetFunctionConfiguration");
    },
    LONG,
  );

  it(
    "UpdateFunctionConfiguration on another function is denied and changes nothing",
    async () => {
      const r = await attack("updateFunctionConfiguration", { description: "owned by attacker" });
      const after = await t.lambda.send(
        new GetFunctionConfigurationCommand({ FunctionName: victim }),
      );
      expectDenied(r, "UpdateFunctionConfiguration");
      expect(after.Description).toBe("the victim");
    },
    LONG,
  );

  it(
    "PutFunctionConcurrency on another function is denied: it cannot throttle it to 0",
    async () => {
      const r = await attack("putFunctionConcurrency");
      const after = await t.lambda.send(
        new GetFunctionConcurrencyCommand({ FunctionName: victim }),
      );
      // Undo a successful attack so the other tests still see a working victim.
      if (after.ReservedConcurrentExecutions !== undefined)
        await t.lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: victim }));
      expectDenied(r, "PutFunctionConcurrency");
      expect(after.ReservedConcurrentExecutions).toBeUndefined();
    },
    LONG,
  );

  it(
    "reading another function's log group is denied (its logs hold its secret)",
    async () => {
      await t.lambda.send(new InvokeCommand({ FunctionName: victim, Payload: Buffer.from("{}") }));
      // Only once the secret is really in the victim's log can the attack's failure mean anything.
      await expect
        .poll(
          async () => {
            const out = await logs.send(
              new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${victim}` }),
            );
            return (out.events ?? []).some((e) => e.message?.includes(secret));
          },
          { timeout: 30_000, interval: 200 },
        )
        .toBe(true);
      const r = await attack("readVictimLogs");
      // CloudWatch Logs' status for it is not the point: the error and the missing secret are.
      expect(
        { ...outcome(r), outcome: r.ok ? "succeeded" : r.name },
        "FilterLogEvents on another function's log group",
      ).toEqual({ outcome: "AccessDeniedException", returnedVictimSecret: false });
    },
    LONG,
  );

  it(
    "positive control: the credentials invoke another function and write the function's own log group",
    async () => {
      const inv = await attack("invoke", { payload: { id: "via-attacker" } });
      expect(inv, "Invoke with the function's credentials").toMatchObject({ ok: true });
      expect(JSON.parse(String(inv.out?.Payload))).toEqual({ victim, id: "via-attacker" });

      const stream = `own-${rand()}`;
      const message = `written with the function's credentials ${rand()}`;
      const w = await attack("writeOwnLogs", { stream, message });
      expect(w, "CreateLogStream + PutLogEvents in /aws/lambda/<own name>").toMatchObject({
        ok: true,
      });
      const got = await logs.send(
        new GetLogEventsCommand({ logGroupName: `/aws/lambda/${attacker}`, logStreamName: stream }),
      );
      expect((got.events ?? []).map((e) => e.message)).toContain(message);
    },
    LONG,
  );
});

interface HijackReport {
  stolen: { port: number; requestId: string; event: string; forgedAnswer: unknown }[];
  probed: Record<string, { parked: number; answers: unknown[]; errors: unknown[] }>;
}

describe("a function cannot take another environment's invocations", () => {
  let t: SecurityEngine;

  beforeAll(async () => {
    t = await startSecurityEngine("lc-hostile-hijack-");
    for (const v of ["hv-node-a", "hv-node-b", "hv-python-a", "hv-python-b"])
      await createZipFunction(t, v, "nodejs20.x", { "index.mjs": NODE_VICTIM }, { Timeout: 5 });
    await createZipFunction(t, "hijack-node", "nodejs20.x", { "index.mjs": NODE_HIJACKER });
    await createZipFunction(t, "hijack-python", "python3.12", { "index.py": PYTHON_HIJACKER });
  }, LONG);

  afterAll(async () => {
    await t?.close();
  });

  /**
   * Victims are invoked in turn while the attacker runs, so each sits idle on /next while the
   * other works (as real functions mostly do). Ports of other processes on this machine (other
   * engines) are passed as skipPorts: the attacker probes only this test's own listeners.
   */
  async function hijackRound(attacker: string, victims: [string, string]) {
    const before = new Set(loopbackListeners().own);
    for (const v of victims) {
      const warm = await invokeJson(t, v, { id: `${v}-warm` });
      expect(warm.body, "positive control: the victim answers").toEqual({
        victim: v,
        id: `${v}-warm`,
      });
    }
    const { own, foreign } = loopbackListeners();
    // The victims' Runtime APIs, where the engine serves them on host loopback.
    const victimPorts = own.filter((p) => !before.has(p));
    let done = false;
    const attack = invokeJson<HijackReport>(t, attacker, {
      durationMs: 6000,
      extraPorts: own,
      skipPorts: foreign,
    }).finally(() => {
      done = true;
    });
    const wrong: unknown[] = [];
    let invokes = 0;
    for (let i = 0; !done; i++) {
      const v = victims[i % 2] ?? "";
      const id = `${v}-${i}`;
      const r = await invokeJson(t, v, { id, sleepMs: 1000 });
      invokes++;
      if (!isDeepStrictEqual(r.body, { victim: v, id }))
        wrong.push({ victim: v, id, got: r.body, functionError: r.functionError });
    }
    const report = (await attack).body;
    const stolen = report.stolen ?? [];
    expect(
      { taken: stolen.length, firstFew: stolen.slice(0, 3) },
      "invocations the attacker took from other environments (and answered with a forged response)",
    ).toEqual({ taken: 0, firstFew: [] });
    expect(wrong.slice(0, 3), "victim invokes that did not get their own answer").toEqual([]);
    // The attack really ran, during the victims' invokes, against their Runtime API ports.
    expect(invokes).toBeGreaterThanOrEqual(4);
    expect(Object.keys(report.probed)).toEqual(
      expect.arrayContaining(victimPorts.map((p) => String(p))),
    );
  }

  it(
    "a Node.js function polling /invocation/next on every loopback listener gets no victim event",
    () => hijackRound("hijack-node", ["hv-node-a", "hv-node-b"]),
    LONG,
  );

  it(
    "a Python function polling /invocation/next on every loopback listener gets no victim event",
    () => hijackRound("hijack-python", ["hv-python-a", "hv-python-b"]),
    LONG,
  );
});

interface NetAttempt {
  url: string;
  reached: boolean;
  detail: string;
}

interface NetReport {
  attempts: NetAttempt[];
  endpoint?: NetAttempt;
  invoke?: { ok: boolean; payload?: string; error?: string };
  procRoute?: string;
  ipRouteGet?: string | null;
  procRoute64?: string;
  ipRouteGet64?: string;
}

describe("a function reaches no host loopback service and no instance metadata", () => {
  let t: SecurityEngine;
  let imageReady: Promise<unknown>;
  let service: HostService;
  let targets: string[] = [];

  beforeAll(async () => {
    service = await startHostService(`host-service-${rand()}`);
    t = await startSecurityEngine("lc-hostile-net-", { registry: true });
    targets = [
      `http://127.0.0.1:${service.port}/`,
      ...hostAddressHosts().map((h) => `http://${h}:${service.port}/`),
      `http://${t.registryHost ?? ""}/v2/`,
    ];
    await createZipFunction(t, "net-target", "nodejs20.x", { "index.mjs": NODE_VICTIM });
    await createZipFunction(t, "net-node", "nodejs20.x", { "index.mjs": NODE_NETWORK_PROBE });
    await createZipFunction(t, "net-python", "python3.12", { "index.py": PYTHON_NETWORK_PROBE });
    await createZipFunction(t, "net-shell", "provided.al2023", {
      bootstrap: [SHELL_BOOTSTRAP, 0o755],
    });
    imageReady = settle(createShellImageFunction(t, "net-image", []));
  }, LONG);

  afterAll(async () => {
    await t?.close();
    await service?.close();
  });

  const probe = async (name: string) => {
    service.hits.length = 0;
    const r = await invokeJson<NetReport>(t, name, {
      mode: "net",
      urls: targets.join(" "),
      enginePort: t.engine.port,
      target: "net-target",
    });
    expect(r.functionError, r.log).toBeUndefined();
    // The function really tried every target (and the engine's port when that is not its endpoint).
    expect(r.body.attempts.map((a) => a.url)).toEqual(expect.arrayContaining(targets));
    return r.body;
  };

  const b64 = (s: string | undefined) =>
    s === undefined ? undefined : Buffer.from(s, "base64").toString("utf8");

  const expectIsolated = (b: NetReport) => {
    const route = metadataRouteVerdict(
      b.procRoute ?? b64(b.procRoute64) ?? "",
      b.ipRouteGet ?? b64(b.ipRouteGet64),
    );
    expect({
      reachedHostServices: b.attempts.filter((a) => a.reached),
      requestsTheHostServiceSaw: service.hits,
      metadataRangeUnreachable: route.unreachable ? true : route.why,
    }).toEqual({
      reachedHostServices: [],
      requestsTheHostServiceSaw: [],
      metadataRangeUnreachable: true,
    });
  };

  it(
    "Node.js: host loopback and host addresses unreachable, 169.254/16 unroutable; invoke via AWS_ENDPOINT_URL works",
    async () => {
      const b = await probe("net-node");
      expect(b.invoke, "positive control: function-to-function invoke").toMatchObject({
        ok: true,
      });
      expect(JSON.parse(b.invoke?.payload ?? "null")).toEqual({ victim: "net-target", id: null });
      expectIsolated(b);
    },
    LONG,
  );

  it(
    "Python: host loopback and host addresses unreachable, 169.254/16 unroutable; AWS_ENDPOINT_URL answers",
    async () => {
      const b = await probe("net-python");
      expect(b.endpoint, "positive control: the engine answers at AWS_ENDPOINT_URL").toMatchObject({
        reached: true,
      });
      expectIsolated(b);
    },
    LONG,
  );

  it(
    "provided.al2023 shell bootstrap: host loopback and host addresses unreachable, 169.254/16 unroutable",
    async () => {
      const b = await probe("net-shell");
      expect(b.endpoint, "positive control: the engine answers at AWS_ENDPOINT_URL").toMatchObject({
        reached: true,
      });
      expectIsolated(b);
    },
    LONG,
  );

  it(
    "container image: host loopback and host addresses unreachable, 169.254/16 unroutable",
    async () => {
      await imageReady.then(rethrow);
      const b = await probe("net-image");
      expect(b.endpoint, "positive control: the engine answers at AWS_ENDPOINT_URL").toMatchObject({
        reached: true,
      });
      expectIsolated(b);
    },
    LONG,
  );
});

const netnsProblem = netnsUnavailable();

describe.skipIf(netnsProblem !== undefined)(
  `outbound access beyond the host${netnsProblem ? ` (skipped: ${netnsProblem})` : ""}`,
  () => {
    let t: SecurityEngine;
    let outside: TestNetns;

    beforeAll(async () => {
      outside = await startTestNetns();
      t = await startSecurityEngine("lc-hostile-outbound-");
      await createZipFunction(t, "out-open", "nodejs20.x", { "index.mjs": NODE_FETCH });
      await createZipFunction(
        t,
        "out-vpc",
        "nodejs20.x",
        { "index.mjs": NODE_FETCH },
        {
          VpcConfig: {
            SubnetIds: ["subnet-0a1b2c3d4e5f60718"],
            SecurityGroupIds: ["sg-0a1b2c3d4e5f60718"],
          },
        },
      );
    }, LONG);

    afterAll(async () => {
      await t?.close();
      await outside?.stop();
    });

    it(
      "positive control: a function outside a VPC reaches an address beyond the host",
      async () => {
        const r = await invokeJson(t, "out-open", { url: outside.url });
        expect(r.body).toEqual({ reached: true, status: 200, body: outside.token });
      },
      LONG,
    );

    it(
      "a VPC function without a NAT has no outbound access",
      async () => {
        const r = await invokeJson(t, "out-vpc", { url: outside.url });
        expect(r.body, "what the VPC function got from outside").toMatchObject({ reached: false });
      },
      LONG,
    );
  },
);
