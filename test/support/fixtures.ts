import { test as base } from "vitest";
import {
  CreateFunctionCommand,
  type CreateFunctionCommandInput,
  type FunctionConfiguration,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { createInput, logsClientFor, startTestEngine, type TestEngine } from "./lambda";
import { settled } from "./settled";
import { startInvokeHarness, type InvokeHarness } from "./invoke/harness";
import { startLogsHarness, type LogsHarness } from "./logs";
import { destroyClients, startSigningSpec, type SigningClients } from "./signing";
import { startAuditEngine, type AuditTestEngine } from "./audit";
import { startSecurityEngine, type SecurityEngine } from "./security/security-engine";
import { startImageEngine, type ImageEngine } from "./images/image-engine";

/** Creates a function (createInput's Node.js defaults, with overrides) and waits until it settled. */
export type CreateFunction = (
  name: string,
  extra?: Partial<CreateFunctionCommandInput>,
) => Promise<FunctionConfiguration>;

/**
 * Prepares what an engine opens (e.g. a data dir from an archive) and returns its variables;
 * `afterClose` registers what to remove once the engine has stopped.
 */
export type PrepareEnv = (afterClose: (fn: () => void) => void) => Promise<Record<string, string>>;

/** Starts an engine on a fresh data dir with `env` added to its environment. */
export type StartEngine = (env?: Record<string, string>) => Promise<TestEngine>;

/**
 * Vitest fixtures for engine specs (`*.spec.ts`): one real engine per spec file on a fresh data
 * dir, started when a test (or a `test.beforeAll`) first asks for it and stopped, data dir and
 * all, after the file. `env` is added to the engine's environment; given as a function
 * (PrepareEnv), it runs first (e.g. to prepare a data dir the engine then opens).
 *
 *   const test = engineTest("lambda-fns-");
 *   test("creates", async ({ lambda, createFunction }) => { ... });
 *
 * `testEngine.restart()` swaps `testEngine.lambda`; the `lambda` fixture is the client at the
 * start of the test. `startEngine(env)` starts another engine, closed after the test.
 */
export function engineTest(prefix: string, env: Record<string, string> | PrepareEnv = {}) {
  return (
    base
      // `{}`: Vitest reads the fixtures a fixture needs from its first parameter's pattern.
      .extend("testEngine", { scope: "file" }, async ({}, { onCleanup }): Promise<TestEngine> => {
        const afterClose: (() => void)[] = [];
        const vars = typeof env === "function" ? await env((fn) => afterClose.push(fn)) : env;
        const t = await startTestEngine(prefix, vars);
        onCleanup(async () => {
          await t.close();
          for (const fn of afterClose) fn();
        });
        return t;
      })
      .extend("logs", { scope: "file" }, ({ testEngine }, { onCleanup }): CloudWatchLogsClient => {
        const logs = logsClientFor(testEngine.engine);
        onCleanup(() => logs.destroy());
        return logs;
      })
      .extend(
        "createFunction",
        { scope: "file" },
        ({ testEngine }): CreateFunction =>
          async (name, extra = {}) => {
            await testEngine.lambda.send(new CreateFunctionCommand(createInput(name, extra)));
            return settled(testEngine.lambda, name);
          },
      )
      .extend("lambda", ({ testEngine }): LambdaClient => testEngine.lambda)
      // More engines in one test (another configuration): closed after that test.
      .extend("startEngine", startEngineFixture(prefix))
  );
}

/**
 * Vitest fixture for the invoke harness (test-made targets behind the Invoke route, see
 * invoke/harness.ts): one per spec file, stopped after the file.
 *
 *   const test = harnessTest("pool-spec-", { LAMBDA_ENGINE_IDLE_MS: "300" });
 *   test.beforeAll(({ harness }) => { h = harness; });
 */
export function harnessTest(prefix: string, env: Record<string, string> = {}) {
  // `{}`: Vitest reads the fixtures a fixture needs from its first parameter's pattern.
  return base.extend(
    "harness",
    { scope: "file" },
    async ({}, { onCleanup }): Promise<InvokeHarness> => {
      const h = await startInvokeHarness(prefix, env);
      onCleanup(() => h.stop());
      return h;
    },
  );
}

/** Vitest fixture for the CloudWatch Logs specs' harness (logs.ts): one per file, stopped after it. */
export function logsTest(name: string) {
  // `{}`: Vitest reads the fixtures a fixture needs from its first parameter's pattern.
  return base.extend(
    "logsHarness",
    { scope: "file" },
    async ({}, { onCleanup }): Promise<LogsHarness> => {
      const h = await startLogsHarness(name);
      onCleanup(() => h.stop());
      return h;
    },
  );
}

/** Vitest fixture for the code-signing specs: an engine with the pipeline bucket and its clients. */
export function signingTest(prefix: string) {
  // `{}`: Vitest reads the fixtures a fixture needs from its first parameter's pattern.
  return base.extend(
    "signing",
    { scope: "file" },
    async ({}, { onCleanup }): Promise<{ t: TestEngine } & SigningClients> => {
      const s = await startSigningSpec(prefix);
      onCleanup(async () => {
        destroyClients(s);
        await s.t.close();
      });
      return s;
    },
  );
}

/** Vitest fixture for the audit specs: an engine whose audit clock the spec moves. */
export function auditTest(prefix: string, env: Record<string, string> = {}) {
  // `{}`: Vitest reads the fixtures a fixture needs from its first parameter's pattern.
  return base.extend(
    "audit",
    { scope: "file" },
    async ({}, { onCleanup }): Promise<AuditTestEngine> => {
      const t = await startAuditEngine(prefix, env);
      onCleanup(() => t.close());
      return t;
    },
  );
}

/**
 * Vitest fixture for the hostile-*.spec.ts files (lib/engine/security): one engine per spec file
 * (with the local image registry when `registry`), closed after the file.
 *
 *   const test = securityTest("lc-hostile-net-", { registry: true });
 *   test.beforeAll(async ({ security }) => { t = security; ... }, LONG);
 */
export function securityTest(prefix: string, opts: { registry?: boolean } = {}) {
  // `{}`: Vitest reads the fixtures a fixture needs from its first parameter's pattern.
  return base.extend(
    "security",
    { scope: "file" },
    async ({}, { onCleanup }): Promise<SecurityEngine> => {
      const t = await startSecurityEngine(prefix, opts);
      onCleanup(() => t.close());
      return t;
    },
  );
}

/**
 * Vitest fixture for specs that need engines of different configurations, or several at once:
 * `startEngine(env)` starts one; every engine a test started is closed (data dir and all) after
 * that test.
 *
 *   const test = enginesTest("health-");
 *   test("...", async ({ startEngine }) => { const t = await startEngine({ ... }); });
 */
/**
 * Vitest fixture for the image-function specs (lib/engine/images): `images`, an engine with its
 * registry and the test images pushed (images/image-engine.ts), one per file; and `startEngine`.
 */
export function imageEngineTest(prefix: string) {
  return (
    base
      // `{}`: Vitest reads the fixtures a fixture needs from its first parameter's pattern.
      .extend("images", { scope: "file" }, async ({}, { onCleanup }): Promise<ImageEngine> => {
        const images = await startImageEngine(prefix);
        onCleanup(() => images.t.close());
        return images;
      })
      .extend("startEngine", startEngineFixture(prefix))
  );
}

export function enginesTest(prefix: string) {
  return base.extend("startEngine", startEngineFixture(prefix));
}

/** The `startEngine` fixture of enginesTest and engineTest: engines closed after the test. */
function startEngineFixture(prefix: string) {
  // `{}`: Vitest reads the fixtures a fixture needs from its first parameter's pattern.
  return async ({}, { onCleanup }: { onCleanup: (fn: () => Promise<void>) => void }) => {
    const started: TestEngine[] = [];
    onCleanup(async () => {
      await Promise.all(started.splice(0).map((t) => t.close()));
    });
    const startEngine: StartEngine = async (env = {}) => {
      const t = await startTestEngine(prefix, env);
      started.push(t);
      return t;
    };
    return startEngine;
  };
}
