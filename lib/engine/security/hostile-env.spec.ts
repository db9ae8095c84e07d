/**
 * Hostile functions against the sandbox boundary (one attack family per file: hostile-*.spec.ts).
 * Each test is a real function, created and invoked through the AWS SDK on a real engine, trying
 * one attack a tenant's code could try on a shared engine; it must fail, and a positive control
 * shows the function really ran and could have succeeded. Network rule: nothing here sends a
 * packet off this machine (only 127.0.0.0/8, the host's own addresses, and a network namespace
 * the test makes); the metadata range is judged from the function's routing table, never
 * connected to.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect } from "vitest";
import { NODE_ENV_REPORT } from "@/test/support/security/hostile-node";
import { PYTHON_ENV_REPORT } from "@/test/support/security/hostile-python";
import {
  compilePreload,
  hasCompiler,
  preloadMarkers,
} from "@/test/support/security/hostile-native";
import { hostProcessesWith } from "@/test/support/security/host-view";
import {
  LONG,
  createShellImageFunction,
  createZipFunction,
  invokeJson,
  rand,
  rethrow,
  settle,
  type SecurityEngine,
} from "@/test/support/security/security-engine";
import { securityTest } from "@/test/support/fixtures";

const test = securityTest("lc-hostile-env-", { registry: true });

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

  test.beforeAll(async ({ security }) => {
    t = security;
    nodeMarkers = fs.mkdtempSync(path.join(os.tmpdir(), "lc-hostile-node-markers-"));
    imageMarkers = fs.mkdtempSync(path.join(os.tmpdir(), "lc-hostile-image-markers-"));
    const so = compilePreload(nodeMarkers);
    compilePreload(imageMarkers);
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
    for (const dir of [nodeMarkers, imageMarkers])
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test(
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

  test.skipIf(!hasCompiler())(
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

  test(
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

  test(
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

  test(
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
