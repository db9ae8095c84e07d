import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEngine, type TestEngine } from "@/test/support/lambda";
import { DEBIAN_AWS_CLI, DEBIAN_PYTHON, clientEnv, run } from "../compat/clients";
import { s3ClientFor } from "@/test/support/s3";
import { NodeSha256 } from "./node-sha256";
import { engineCredentials } from "@/test/support/client-config";

/** Presigned URLs (query-string authentication), as the CLI, boto3 and the SDK's signer write them. */
let t: TestEngine;
let dir: string;
const BUCKET = "presigned-bucket";
beforeAll(async () => {
  t = await startTestEngine("presigned-");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "presigned-home-"));
  const s3 = s3ClientFor(t.engine);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "dir/a b.txt", Body: "secret body" }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "other.txt", Body: "other body" }));
  s3.destroy();
});
afterAll(async () => {
  await t?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A URL as the SDK's presigner (@aws-sdk/s3-request-presigner) signs it. */
async function presign(
  key: string,
  opts: { method?: string; secret?: string; signingDate?: Date; expiresIn?: number } = {},
): Promise<string> {
  const signer = new SignatureV4({
    credentials: {
      ...engineCredentials(t.engine),
      ...(opts.secret !== undefined ? { secretAccessKey: opts.secret } : {}),
    },
    region: "us-east-1",
    service: "s3",
    sha256: NodeSha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const url = new URL(t.engine.endpoint);
  const signed = await signer.presign(
    new HttpRequest({
      method: opts.method ?? "GET",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: `/${BUCKET}/${key.split("/").map(encodeURIComponent).join("/")}`,
      headers: { host: url.host, "x-amz-content-sha256": "UNSIGNED-PAYLOAD" },
    }),
    {
      signingDate: opts.signingDate,
      expiresIn: opts.expiresIn ?? 300,
      // As the S3 presigner: the payload is UNSIGNED-PAYLOAD, a header the URL does not carry.
      unsignableHeaders: new Set(["x-amz-content-sha256"]),
      unhoistableHeaders: new Set(["x-amz-content-sha256"]),
    },
  );
  const query = new URLSearchParams(signed.query as Record<string, string>);
  return `${t.engine.endpoint}${signed.path}?${query.toString()}`;
}

const errorOf = async (res: Response) => {
  const xml = await res.text();
  return {
    status: res.status,
    code: /<Code>([^<]*)<\/Code>/.exec(xml)?.[1],
    message: /<Message>([^<]*)<\/Message>/.exec(xml)?.[1],
  };
};

describe("presigned URLs", () => {
  it("the SDK's SigV4 presigner: a GET URL downloads the object with no other credential", async () => {
    const res = await fetch(await presign("dir/a b.txt"));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("secret body");
  });

  it("`aws s3 presign` (CLI v2): the URL it prints downloads the object", async () => {
    const r = await run(
      DEBIAN_AWS_CLI,
      ["s3", "presign", `s3://${BUCKET}/dir/a b.txt`, "--endpoint-url", t.engine.endpoint],
      clientEnv(t.engine, dir),
    );
    expect(r.stderr).toBe("");
    const res = await fetch(r.stdout.trim());
    expect(await res.text()).toBe("secret body");
  });

  it("boto3: generate_presigned_url's default (S3's SigV2) GET, and an s3v4 PUT that uploads", async () => {
    const script = [
      "import boto3, os",
      "from botocore.config import Config",
      "kw = dict(endpoint_url=os.environ['ENGINE_ENDPOINT'], region_name='us-east-1')",
      "v2 = boto3.client('s3', **kw)",
      `print(v2.generate_presigned_url('get_object', Params={'Bucket': '${BUCKET}', 'Key': 'dir/a b.txt'}))`,
      `print(v2.generate_presigned_url('get_object', Params={'Bucket': '${BUCKET}', 'Key': 'dir/a b.txt', 'ResponseContentDisposition': 'attachment; filename="a.txt"', 'ResponseContentType': 'text/plain'}))`,
      "v4 = boto3.client('s3', config=Config(signature_version='s3v4'), **kw)",
      `print(v4.generate_presigned_url('put_object', Params={'Bucket': '${BUCKET}', 'Key': 'uploaded.txt'}))`,
    ].join("\n");
    const r = await run(DEBIAN_PYTHON, ["-c", script], clientEnv(t.engine, dir));
    expect(r.stderr).toBe("");
    const [get = "", download = "", put = ""] = r.stdout.trim().split("\n");
    expect(get).toContain("AWSAccessKeyId=");
    expect(await (await fetch(get)).text()).toBe("secret body");
    // S3's response overrides are signed (SigV2 signs them as sub-resources) and answered.
    const named = await fetch(download);
    expect(named.status).toBe(200);
    expect(named.headers.get("content-disposition")).toBe('attachment; filename="a.txt"');
    expect(named.headers.get("content-type")).toBe("text/plain");
    expect((await fetch(put, { method: "PUT", body: "uploaded" })).status).toBe(200);
    expect(await (await fetch(await presign("uploaded.txt"))).text()).toBe("uploaded");
    // attack: the SigV2 URL for one key does not open another
    const other = get.replace("dir/a%20b.txt", "other.txt");
    expect(other).not.toBe(get);
    expect(await errorOf(await fetch(other))).toMatchObject({
      status: 403,
      code: "SignatureDoesNotMatch",
    });
  });

  it("attack: a URL edited to another key, or used with another method, is refused", async () => {
    const url = await presign("dir/a b.txt");
    const edited = url.replace("dir/a%20b.txt", "other.txt");
    expect(await errorOf(await fetch(edited))).toEqual({
      status: 403,
      code: "SignatureDoesNotMatch",
      message:
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    });
    expect(await errorOf(await fetch(url, { method: "PUT", body: "overwrite" }))).toMatchObject({
      status: 403,
      code: "SignatureDoesNotMatch",
    });
    expect(await (await fetch(url)).text()).toBe("secret body");
  });

  it("attack: a URL signed with another secret, an unknown key or an expired URL is refused", async () => {
    expect(
      await errorOf(await fetch(await presign("dir/a b.txt", { secret: "not-the-secret" }))),
    ).toMatchObject({
      status: 403,
      code: "SignatureDoesNotMatch",
    });
    const unknown = (await presign("dir/a b.txt")).replace(
      t.engine.ctx.config.accessKeyId,
      "AKIAUNKNOWNKEY000000",
    );
    expect(await errorOf(await fetch(unknown))).toEqual({
      status: 403,
      code: "InvalidAccessKeyId",
      message: "The AWS Access Key Id you provided does not exist in our records.",
    });
    const old = await presign("dir/a b.txt", {
      signingDate: new Date(Date.now() - 120_000),
      expiresIn: 60,
    });
    expect(await errorOf(await fetch(old))).toEqual({
      status: 403,
      code: "AccessDenied",
      message: "Request has expired",
    });
    // Stretching X-Amz-Expires past a week is refused before the signature is even checked.
    const week = (await presign("dir/a b.txt")).replace(
      "X-Amz-Expires=300",
      "X-Amz-Expires=604801",
    );
    expect(await errorOf(await fetch(week))).toMatchObject({
      status: 400,
      code: "AuthorizationQueryParametersError",
    });
    const stretched = (await presign("dir/a b.txt")).replace(
      "X-Amz-Expires=300",
      "X-Amz-Expires=3000",
    );
    expect(await errorOf(await fetch(stretched))).toMatchObject({
      status: 403,
      code: "SignatureDoesNotMatch",
    });
  });
});
