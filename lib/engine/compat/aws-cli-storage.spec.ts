import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { TestEngine } from "@/test/support/lambda";
import { CLIS, cliCalls, setUpCliEngine } from "./aws-cli-harness";

// S3, Secrets Manager, EFS and Signer through the AWS CLI (the function's life: aws-cli.spec.ts).

let t: TestEngine;
let dir: string;
setUpCliEngine("compat-cli-storage", (engine, home) => {
  t = engine;
  dir = home;
});

describe.each(CLIS.map((cli, i) => ({ cli, n: i + 1 })))("the AWS CLI at $cli", ({ cli, n }) => {
  const { aws, ok } = cliCalls(
    cli,
    () => t,
    () => dir,
  );

  it("s3: mb, a multipart cp up and down, ls, and NoSuchKey", async () => {
    const bucket = `cli${n}-bucket`;
    await ok("s3", "mb", `s3://${bucket}`);
    // Above the CLI's 8 MB multipart threshold: CreateMultipartUpload, UploadPart, Complete.
    const big = path.join(dir, `big${n}`);
    fs.writeFileSync(big, Buffer.alloc(9 * 1024 * 1024, n));
    await ok("s3", "cp", big, `s3://${bucket}/dir/big`);
    await ok("s3", "cp", `s3://${bucket}/dir/big`, `${big}.back`);
    expect(fs.readFileSync(`${big}.back`).equals(fs.readFileSync(big))).toBe(true);
    const listed = await aws("s3", "ls", `s3://${bucket}/dir/`);
    expect(listed.stdout).toMatch(/ 9437184 big\n/);
    const head = await ok("s3api", "head-object", "--bucket", bucket, "--key", "dir/big");
    expect(head).toMatchObject({ ContentLength: 9437184 });
    const missing = await aws(
      "s3api",
      "get-object",
      "--bucket",
      bucket,
      "--key",
      "nope",
      path.join(dir, "nope"),
    );
    expect(missing.stderr).toContain("(NoSuchKey) when calling the GetObject operation");
  });

  it("secretsmanager, efs, signer: create and read back", async () => {
    await ok(
      "secretsmanager",
      "create-secret",
      "--name",
      `cli${n}-secret`,
      "--secret-string",
      "s3cret",
    );
    expect(
      await ok("secretsmanager", "get-secret-value", "--secret-id", `cli${n}-secret`),
    ).toMatchObject({ SecretString: "s3cret" });
    const fs1 = await ok("efs", "create-file-system", "--creation-token", `cli${n}-fs`);
    const described = await ok(
      "efs",
      "describe-file-systems",
      "--file-system-id",
      String(fs1.FileSystemId),
    );
    expect(described.FileSystems).toMatchObject([
      { FileSystemId: fs1.FileSystemId, LifeCycleState: "available" },
    ]);
    await ok(
      "signer",
      "put-signing-profile",
      "--profile-name",
      `cli${n}_profile`,
      "--platform-id",
      "AWSLambda-SHA384-ECDSA",
    );
    expect(
      await ok("signer", "get-signing-profile", "--profile-name", `cli${n}_profile`),
    ).toMatchObject({ platformId: "AWSLambda-SHA384-ECDSA", status: "Active" });
  });
});
