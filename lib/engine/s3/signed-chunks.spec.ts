import crypto from "node:crypto";
import { afterAll, describe, expect } from "vitest";
import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/protocol-http";
import { CreateBucketCommand, GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { NodeSha256 } from "../http/node-sha256";
import { type TestEngine } from "@/test/support/lambda";
import { engineTest } from "@/test/support/fixtures";
import { s3ClientFor } from "@/test/support/s3";

/**
 * STREAMING-AWS4-HMAC-SHA256-PAYLOAD, as older SDKs and tools send uploads: every chunk signed,
 * chained from the seed signature. The installed SDK never sends it, so the request is built here.
 */
let t: TestEngine;
let s3: S3Client;

const test = engineTest("s3-chunks-spec-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  s3 = s3ClientFor(t.engine);
  await s3.send(new CreateBucketCommand({ Bucket: "chunks" }));
});
afterAll(async () => {
  s3.destroy();
});

const hex = (b: Buffer | string) => crypto.createHash("sha256").update(b).digest("hex");
const hmac = (key: Buffer | string, s: string) =>
  crypto.createHmac("sha256", key).update(s).digest();

async function signedChunkPut(key: string, chunks: Buffer[], tamper?: number): Promise<Response> {
  const { accessKeyId, secretAccessKey } = t.engine.ctx.config;
  const url = new URL(t.engine.endpoint);
  const decoded = chunks.reduce((n, c) => n + c.length, 0);
  const amzDate = new Date()
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const request = new HttpRequest({
    method: "PUT",
    protocol: "http:",
    hostname: url.hostname,
    port: Number(url.port),
    path: `/chunks/${key}`,
    headers: {
      host: url.host,
      "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
      "content-encoding": "aws-chunked",
      "x-amz-decoded-content-length": String(decoded),
    },
  });
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey },
    region: "us-east-1",
    service: "s3",
    sha256: NodeSha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const signed = await signer.sign(request, { signingDate: new Date() });
  const auth = String(signed.headers.authorization);
  let previous = /Signature=([0-9a-f]{64})/.exec(auth)?.[1] ?? "";
  const date = String(signed.headers["x-amz-date"] ?? amzDate);
  const scope = `${date.slice(0, 8)}/us-east-1/s3/aws4_request`;
  let k = hmac(`AWS4${secretAccessKey}`, date.slice(0, 8));
  for (const part of ["us-east-1", "s3", "aws4_request"]) k = hmac(k, part);
  const parts: Buffer[] = [];
  for (const [i, chunk] of [...chunks, Buffer.alloc(0)].entries()) {
    const toSign = ["AWS4-HMAC-SHA256-PAYLOAD", date, scope, previous, hex(""), hex(chunk)].join(
      "\n",
    );
    previous = crypto.createHmac("sha256", k).update(toSign).digest("hex");
    const sent = i === tamper ? Buffer.from(chunk).fill(0x41, 0, 1) : chunk;
    parts.push(
      Buffer.from(`${chunk.length.toString(16)};chunk-signature=${previous}\r\n`),
      sent,
      Buffer.from("\r\n"),
    );
  }
  const body = Buffer.concat(parts);
  const headers: Record<string, string> = {};
  for (const [name, v] of Object.entries(signed.headers))
    if (name !== "host") headers[name] = String(v);
  return fetch(`${t.engine.endpoint}/chunks/${key}`, { method: "PUT", headers, body });
}

describe("S3 signed aws-chunked uploads", () => {
  test("stores the decoded content of correctly signed chunks", async () => {
    const res = await signedChunkPut("ok.bin", [Buffer.alloc(8192, 1), Buffer.from("tail")]);
    expect(res.status).toBe(200);
    const got = await s3.send(new GetObjectCommand({ Bucket: "chunks", Key: "ok.bin" }));
    const data = Buffer.from((await got.Body?.transformToByteArray()) ?? new Uint8Array());
    expect(data.equals(Buffer.concat([Buffer.alloc(8192, 1), Buffer.from("tail")]))).toBe(true);
  });

  test("refuses a chunk changed in transit (SignatureDoesNotMatch) and stores nothing", async () => {
    const res = await signedChunkPut(
      "tampered.bin",
      [Buffer.alloc(8192, 1), Buffer.from("tail")],
      1,
    );
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
    const err = await s3
      .send(new GetObjectCommand({ Bucket: "chunks", Key: "tampered.bin" }))
      .catch((e: Error) => e);
    expect((err as Error).name).toBe("NoSuchKey");
  });
});
