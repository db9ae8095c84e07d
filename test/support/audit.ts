import { engineClientConfig } from "./client-config";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CloudTrailClient, LookupEventsCommand, type Event } from "@aws-sdk/client-cloudtrail";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { startEngine, type RunningEngine } from "../../lib/engine/engine";

/** An engine on a fresh data dir whose audit clock the spec moves, with SDK clients for it. */
export interface AuditTestEngine {
  engine: RunningEngine;
  lambda: LambdaClient;
  cloudtrail: CloudTrailClient;
  /** The audit trail's clock (epoch ms); starts at the real time. */
  clock: { now: number };
  close(): Promise<void>;
}

/** The account the audit engines are (CloudTrail records name it). */
const AUDIT_ACCOUNT = "123456789012";

/** A function's ARN in the audit engines' account: another account's is refused. */
export const auditArn = (name: string) =>
  `arn:aws:lambda:us-east-1:${AUDIT_ACCOUNT}:function:${name}`;

export async function startAuditEngine(
  prefix: string,
  extraEnv: Record<string, string> = {},
): Promise<AuditTestEngine> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const clock = { now: Date.now() };
  const engine = await startEngine(
    {
      NODE_ENV: "test",
      LAMBDA_CONSOLE_DATA_DIR: dataDir,
      LAMBDA_ENGINE_PORT: "0",
      LAMBDA_ENGINE_ACCOUNT_ID: AUDIT_ACCOUNT,
      LAMBDA_REGISTRY_PORT: "off",
      ...extraEnv,
    },
    { audit: { now: () => clock.now } },
  );
  const config = {
    ...engineClientConfig(engine),
  };
  const lambda = new LambdaClient(config);
  const cloudtrail = new CloudTrailClient(config);
  return {
    engine,
    lambda,
    cloudtrail,
    clock,
    async close() {
      lambda.destroy();
      cloudtrail.destroy();
      await engine.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The CloudTrail record of a looked-up event. */
export function recordOf(e: Event | undefined): Record<string, unknown> & {
  userIdentity: Record<string, unknown>;
  requestParameters: Record<string, unknown> | null;
} {
  if (!e?.CloudTrailEvent) throw new Error("no CloudTrailEvent");
  return JSON.parse(e.CloudTrailEvent) as ReturnType<typeof recordOf>;
}

/** Every event (all pages) matching one lookup attribute, newest first. */
export async function lookupAll(
  cloudtrail: CloudTrailClient,
  key?: string,
  value?: string,
): Promise<Event[]> {
  const events: Event[] = [];
  let token: string | undefined;
  do {
    const out = await cloudtrail.send(
      new LookupEventsCommand({
        ...(key && value
          ? { LookupAttributes: [{ AttributeKey: key as never, AttributeValue: value }] }
          : {}),
        NextToken: token,
      }),
    );
    events.push(...(out.Events ?? []));
    token = out.NextToken;
  } while (token);
  return events;
}
