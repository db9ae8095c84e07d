import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEngine, type TestEngine } from "@/test/support/lambda";
import type { Target } from "../targets/types";
import { getAccountSettings } from "./account";
import { getCloudWatchClient, getLambdaClient, getLogsClient } from "./clients";
import { AwsFailure } from "./errors";
import { getFunctionInfo } from "./function-detail";
import { listFunctions } from "./functions";
import { getFunctionUrl } from "./function-urls";
import { listLogStreams } from "./logs";

// lib/aws maps SDK errors in one place (client-cache.ts's middleware): every wrapper, paginators
// included, rejects with AwsFailure against a real engine and a dead endpoint alike.
const KEY = { id: "AKIACLIENTERRORS0001", secret: "client-errors-secret" };
let t: TestEngine;
let target: Target;

const local = (endpoint: string): Target => ({
  id: "local",
  label: "Local engine",
  kind: "local",
  region: "us-east-1",
  environment: "local",
  color: "green",
  endpoint,
});

async function rejection(p: Promise<unknown>): Promise<AwsFailure> {
  const err: unknown = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AwsFailure);
  return err as AwsFailure;
}

/** A port nothing listens on: bound, then closed. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  await new Promise<void>((r) => server.close(() => r()));
  return typeof address === "object" && address ? address.port : 1;
}

beforeAll(async () => {
  process.env.LAMBDA_ENGINE_ACCESS_KEY_ID = KEY.id;
  process.env.LAMBDA_ENGINE_SECRET_ACCESS_KEY = KEY.secret;
  t = await startTestEngine("client-errors-", {
    LAMBDA_ENGINE_ACCESS_KEY_ID: KEY.id,
    LAMBDA_ENGINE_SECRET_ACCESS_KEY: KEY.secret,
  });
  target = local(t.engine.endpoint);
});

afterAll(async () => {
  await t?.close();
});

describe("lib/aws error mapping", () => {
  it("a missing function is NotFound with the SDK's name kept as the code", async () => {
    const err = await rejection(getFunctionInfo(target, "no-such-function"));
    expect(err.kind).toBe("NotFound");
    expect(err.code).toBe("ResourceNotFoundException");
    expect(err.message).toContain("no-such-function");
  });

  it("wrappers that treat NotFound as an answer still see it", async () => {
    expect(await listLogStreams(target, "/aws/lambda/never-invoked")).toEqual([]);
    // A URL lookup on a missing function must not read as "no URL".
    expect((await rejection(getFunctionUrl(target, "no-such-function"))).kind).toBe("NotFound");
  });

  it("paginators and plain calls work through the mapped clients", async () => {
    expect(await listFunctions(target)).toEqual([]);
    expect((await getAccountSettings(target)).functionCount).toBe(0);
  });

  it("a dead endpoint is Unavailable with the message a person can act on", async () => {
    const dead = local(`http://127.0.0.1:${await deadPort()}`);
    const err = await rejection(listFunctions(dead));
    expect(err.kind).toBe("Unavailable");
    expect(err.code).toBe("ECONNREFUSED");
    expect(err.message).toContain("The local engine is not running");
  });

  it("caches one client per service and target, and a fresh one for fresh keys", () => {
    expect(getLambdaClient(target)).toBe(getLambdaClient(target));
    expect(getLogsClient(target)).not.toBe(getLambdaClient(target));
    expect(getCloudWatchClient(target)).toBe(getCloudWatchClient(target));
    const before = getLambdaClient(target);
    process.env.LAMBDA_ENGINE_ACCESS_KEY_ID = "AKIACLIENTERRORS0002";
    try {
      expect(getLambdaClient(target)).not.toBe(before);
    } finally {
      process.env.LAMBDA_ENGINE_ACCESS_KEY_ID = KEY.id;
    }
  });
});
