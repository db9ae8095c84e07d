import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEngine, type TestEngine } from "@/test/support/lambda";
import { DEBIAN_PYTHON, clientEnv, executables, run } from "./clients";

const SCRIPT = path.join(import.meta.dirname, "boto3_calls.py");

// Debian's python3-boto3 (botocore 1.29: CloudWatch over the query protocol) always; any other
// python3 on PATH with boto3 too (a newer botocore picks CloudWatch's JSON protocol instead).
const PYTHONS = executables("python3", [DEBIAN_PYTHON]);

let t: TestEngine;
let dir: string;
beforeAll(async () => {
  t = await startTestEngine("compat-boto3-");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "compat-boto3-home-"));
});
afterAll(async () => {
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const FORM = "application/x-www-form-urlencoded; charset=utf-8";

describe.each(PYTHONS.map((python, i) => ({ python, n: i + 1 })))(
  "boto3 under $python",
  ({ python, n }) => {
    it("drives every service the engine serves: the main write and read, and AWS's errors", async (ctx) => {
      const env = clientEnv(t.engine, dir);
      const probe = await run(python, ["-c", "import boto3"], env);
      if (python !== DEBIAN_PYTHON && probe.code !== 0) {
        ctx.skip(`${python} has no boto3 (only Debian's python3-boto3 is required)`);
      }
      const r = await run(python, [SCRIPT], { ...env, NAME_SUFFIX: `py${n}` });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as Record<string, Record<string, unknown>>;
      const fn = `boto-py${n}`;
      expect(out.lambda).toEqual({
        created: fn,
        state: "Active",
        invoke: { echo: { n: 1 } },
        listed: true,
        missing: {
          code: "ResourceNotFoundException",
          message: `Function not found: arn:aws:lambda:us-east-1:000000000000:function:${fn}-missing`,
          status: 404,
        },
      });
      expect(out.logs).toEqual({
        events: ["hello"],
        exists: {
          code: "ResourceAlreadyExistsException",
          message: "The specified log group already exists",
          status: 400,
        },
      });
      expect(out.cloudwatch).toMatchObject({
        listed: 2,
        sum: 1,
        dataSum: 1,
        badPeriod: {
          code: "InvalidParameterValue",
          message: "The parameter Period must be 1, 5, 10, 30, or a multiple of 60.",
          status: 400,
        },
      });
      expect(Date.parse(String(out.cloudwatch?.timestamp))).toBeGreaterThan(Date.now() - 3600_000);
      const sent = out.cloudwatch?.contentTypes;
      if (python === DEBIAN_PYTHON) expect(sent).toEqual([FORM]);
      else
        expect([[FORM], ["application/x-amz-json-1.0"], ["application/cbor"]]).toContainEqual(sent);
      expect(out.s3).toEqual({
        body: "object body",
        keys: ["a/b.txt"],
        missing: { code: "NoSuchKey", message: "The specified key does not exist.", status: 404 },
      });
      expect(out.secretsmanager).toEqual({
        value: "s3cret",
        missing: {
          code: "ResourceNotFoundException",
          message: "Secrets Manager can't find the specified secret.",
          status: 400,
        },
      });
      expect(out.efs).toEqual({ described: true, name: fn });
      expect(out.signer).toMatchObject({
        platform: "AWSLambda-SHA384-ECDSA",
        missing: { code: "ResourceNotFoundException", status: 404 },
      });
      expect(out.rds).toMatchObject({
        missing: {
          code: "DBInstanceNotFound",
          message: `DBInstance ${fn} not found.`,
          status: 404,
        },
        badEngine: { code: "InvalidParameterValue", status: 400 },
      });
      expect(out.cloudtrail?.names).toEqual(
        expect.arrayContaining([
          "CreateFunction20150331",
          "CreateLogGroup",
          "CreateBucket",
          "CreateSecret",
          "CreateFileSystem",
          "PutSigningProfile",
          "CreateDBInstance",
        ]),
      );
      expect(out.cloudtrail?.names).not.toContain("*");
    });
  },
);
