/**
 * Hostile functions against the sandbox boundary (one attack family per file: hostile-*.spec.ts).
 * Each test is a real function, created and invoked through the AWS SDK on a real engine, trying
 * one attack a tenant's code could try on a shared engine; it must fail, and a positive control
 * shows the function really ran and could have succeeded. Network rule: nothing here sends a
 * packet off this machine (only 127.0.0.0/8, the host's own addresses, and a network namespace
 * the test makes); the metadata range is judged from the function's routing table, never
 * connected to.
 */
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
import { afterAll, describe, expect } from "vitest";
import { NODE_CREDENTIALS_ATTACKER, NODE_VICTIM } from "@/test/support/security/hostile-node";
import { logsClientFor } from "@/test/support/lambda";
import {
  LONG,
  createZipFunction,
  invokeJson,
  rand,
  type SecurityEngine,
} from "@/test/support/security/security-engine";
import { securityTest } from "@/test/support/fixtures";

const test = securityTest("lc-hostile-creds-");

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

  test.beforeAll(async ({ security }) => {
    t = security;
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
  });

  test(
    "GetFunction on another function is denied and returns none of its variables",
    async () => {
      const r = await attack("getFunction");
      expectDenied(r, "GetFunction");
    },
    LONG,
  );

  test(
    "GetFunctionConfiguration on another function is denied",
    async () => {
      const r = await attack("getFunctionConfiguration");
      expectDenied(r, "GetFunctionConfiguration");
    },
    LONG,
  );

  test(
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

  test(
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

  test(
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

  test(
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
