/**
 * Hostile functions against the sandbox boundary (one attack family per file: hostile-*.spec.ts).
 * Each test is a real function, created and invoked through the AWS SDK on a real engine, trying
 * one attack a tenant's code could try on a shared engine; it must fail, and a positive control
 * shows the function really ran and could have succeeded. Network rule: nothing here sends a
 * packet off this machine (only 127.0.0.0/8, the host's own addresses, and a network namespace
 * the test makes); the metadata range is judged from the function's routing table, never
 * connected to.
 */
import { afterAll, describe, expect } from "vitest";
import { NODE_FETCH } from "@/test/support/security/hostile-node";
import {
  netnsUnavailable,
  startTestNetns,
  type TestNetns,
} from "@/test/support/security/test-netns";
import {
  LONG,
  createZipFunction,
  invokeJson,
  type SecurityEngine,
} from "@/test/support/security/security-engine";
import { securityTest } from "@/test/support/fixtures";

const test = securityTest("lc-hostile-outbound-");

const netnsProblem = netnsUnavailable();

describe.skipIf(netnsProblem !== undefined)(
  `outbound access beyond the host${netnsProblem ? ` (skipped: ${netnsProblem})` : ""}`,
  () => {
    let t: SecurityEngine;
    let outside: TestNetns;

    test.beforeAll(async ({ security }) => {
      t = security;
      outside = await startTestNetns();
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
      await outside?.stop();
    });

    test(
      "positive control: a function outside a VPC reaches an address beyond the host",
      async () => {
        const r = await invokeJson(t, "out-open", { url: outside.url });
        expect(r.body).toEqual({ reached: true, status: 200, body: outside.token });
      },
      LONG,
    );

    test(
      "a VPC function without a NAT has no outbound access",
      async () => {
        const r = await invokeJson(t, "out-vpc", { url: outside.url });
        expect(r.body, "what the VPC function got from outside").toMatchObject({ reached: false });
      },
      LONG,
    );
  },
);
