import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEngineConfig } from "../../config";
import { createContext } from "../../context";
import { Router } from "../../http/router";
import type { EngineRequest, EngineResponse } from "../../http/types";
import { openDb, type Db } from "../../store/db";
import { registerLogsRoutes } from ".";

/** The awsJson1.1 wire shape, checked on raw responses (the SDK hides it). */

let dir: string;
let db: Db;
let router: Router;
let disposers: (() => Promise<void> | void)[];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "logs-wire-"));
  const config = loadEngineConfig({
    NODE_ENV: "test",
    LAMBDA_CONSOLE_DATA_DIR: dir,
    LAMBDA_ENGINE_PORT: "0",
  });
  db = openDb(dir);
  router = new Router();
  disposers = registerLogsRoutes(router, createContext(config, db));
});

afterAll(async () => {
  for (const d of disposers) await d();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function call(op: string, body: unknown, raw?: string): Promise<EngineResponse> {
  const req: EngineRequest = {
    method: "POST",
    path: "/",
    rawPath: "/",
    query: new URLSearchParams(),
    headers: {
      "x-amz-target": `Logs_20140328.${op}`,
      "content-type": "application/x-amz-json-1.1",
    },
    body: Buffer.from(raw ?? JSON.stringify(body)),
    params: {},
  };
  return Promise.resolve(router.handle(req));
}

const parse = (r: EngineResponse) => JSON.parse(String(r.body)) as Record<string, unknown>;

describe("Logs wire format", () => {
  it("errors carry __type, message and x-amzn-ErrorType", async () => {
    const r = await call("DeleteLogGroup", { logGroupName: "missing" });
    expect(r.status).toBe(400);
    expect(r.headers?.["x-amzn-errortype"]).toBe("ResourceNotFoundException");
    expect(r.headers?.["content-type"]).toBe("application/x-amz-json-1.1");
    expect(parse(r)).toEqual({
      __type: "ResourceNotFoundException",
      message: "The specified log group does not exist.",
    });
  });

  it("success bodies are awsJson1.1", async () => {
    const r = await call("CreateLogGroup", { logGroupName: "wire" });
    expect(r.status).toBe(200);
    expect(r.headers?.["content-type"]).toBe("application/x-amz-json-1.1");
    expect(parse(r)).toEqual({});
  });

  it("a body that is not JSON is a SerializationException; wrong types too", async () => {
    const r = await call("CreateLogGroup", undefined, "{nope");
    expect(parse(r).__type).toBe("SerializationException");
    const t = await call("DescribeLogGroups", { limit: "5" });
    expect(parse(t).__type).toBe("SerializationException");
  });

  it("validation failures read as AWS's", async () => {
    const r = await call("DescribeLogStreams", { logGroupName: "wire", limit: 0 });
    expect(parse(r)).toEqual({
      __type: "InvalidParameterException",
      message:
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
    const none = await call("DescribeLogStreams", {});
    expect(parse(none).__type).toBe("InvalidParameterException");
  });
});
