import { Readable } from "node:stream";
import { afterAll, describe, expect } from "vitest";
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { failure, type TestEngine } from "@/test/support/lambda";
import { engineTest } from "@/test/support/fixtures";
import { s3ClientFor } from "@/test/support/s3";
import { engineClientConfig, engineCredentials } from "@/test/support/client-config";

let t: TestEngine;
let s3: S3Client;

const test = engineTest("s3-spec-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
  s3 = s3ClientFor(t.engine);
});
afterAll(async () => {
  s3.destroy();
});

const text = async (p: Promise<{ Body?: { transformToString(): Promise<string> } }>) =>
  (await p).Body?.transformToString();

describe("S3 subset through @aws-sdk/client-s3", () => {
  test("creates, lists, heads and deletes buckets, with S3's errors", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: "b-one" }));
    const list = await s3.send(new ListBucketsCommand({}));
    expect(list.Buckets?.map((b) => b.Name)).toContain("b-one");
    await s3.send(new HeadBucketCommand({ Bucket: "b-one" }));
    expect((await failure(s3.send(new HeadBucketCommand({ Bucket: "nope-bucket" })))).status).toBe(
      404,
    );
    expect(await failure(s3.send(new CreateBucketCommand({ Bucket: "b-one" })))).toMatchObject({
      name: "BucketAlreadyOwnedByYou",
      status: 409,
    });
    expect(await failure(s3.send(new CreateBucketCommand({ Bucket: "Bad_Name" })))).toMatchObject({
      name: "InvalidBucketName",
    });
    await s3.send(new PutObjectCommand({ Bucket: "b-one", Key: "k", Body: "x" }));
    expect(await failure(s3.send(new DeleteBucketCommand({ Bucket: "b-one" })))).toMatchObject({
      name: "BucketNotEmpty",
      status: 409,
    });
    await s3.send(new DeleteObjectCommand({ Bucket: "b-one", Key: "k" }));
    await s3.send(new DeleteBucketCommand({ Bucket: "b-one" }));
    expect(
      await failure(s3.send(new GetObjectCommand({ Bucket: "b-one", Key: "k" }))),
    ).toMatchObject({
      name: "NoSuchBucket",
      status: 404,
    });
  });

  test("puts and gets objects: string and stream bodies (aws-chunked with a CRC32 trailer), ranges, metadata", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: "objects" }));
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: "objects",
        Key: "dir/a b+c.txt",
        Body: "hello world",
        ContentType: "text/plain",
        Metadata: { owner: "me" },
      }),
    );
    expect(put.ETag).toBe('"5eb63bbbe01eeed093cb22bb8f5acdc3"');
    const got = await s3.send(new GetObjectCommand({ Bucket: "objects", Key: "dir/a b+c.txt" }));
    expect(got.ContentType).toBe("text/plain");
    expect(got.Metadata).toEqual({ owner: "me" });
    expect(await got.Body?.transformToString()).toBe("hello world");
    const ranged = await s3.send(
      new GetObjectCommand({ Bucket: "objects", Key: "dir/a b+c.txt", Range: "bytes=6-" }),
    );
    expect(ranged.ContentRange).toBe("bytes 6-10/11");
    expect(await ranged.Body?.transformToString()).toBe("world");
    const big = Buffer.alloc(300_000, 7);
    await s3.send(
      new PutObjectCommand({
        Bucket: "objects",
        Key: "stream.bin",
        Body: Readable.from([big.subarray(0, 100_000), big.subarray(100_000)]),
        ContentLength: big.length,
      }),
    );
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: "objects", Key: "stream.bin", ChecksumMode: "ENABLED" }),
    );
    expect(head.ContentLength).toBe(300_000);
    expect(head.ChecksumCRC32).toBeDefined();
    const back = await s3.send(new GetObjectCommand({ Bucket: "objects", Key: "stream.bin" }));
    expect(
      Buffer.from(
        await (back.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())),
      ).equals(big),
    ).toBe(true);
    expect(
      await failure(s3.send(new GetObjectCommand({ Bucket: "objects", Key: "missing" }))),
    ).toMatchObject({
      name: "NoSuchKey",
      status: 404,
    });
  });

  test("refuses a body that does not match its checksum (BadDigest)", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: "digests" }));
    const err = await failure(
      s3.send(
        new PutObjectCommand({
          Bucket: "digests",
          Key: "k",
          Body: "abc",
          ChecksumCRC32: "AAAAAA==",
        }),
      ),
    );
    expect(err).toMatchObject({ name: "BadDigest", status: 400 });
    expect(
      await failure(s3.send(new GetObjectCommand({ Bucket: "digests", Key: "k" }))),
    ).toMatchObject({ name: "NoSuchKey" });
  });

  test("keeps versions, delete markers and copies in a versioned bucket", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: "versioned" }));
    expect(
      (await s3.send(new GetBucketVersioningCommand({ Bucket: "versioned" }))).Status,
    ).toBeUndefined();
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: "versioned",
        VersioningConfiguration: { Status: "Enabled" },
      }),
    );
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: "versioned" }))).Status).toBe(
      "Enabled",
    );
    const v1 = (await s3.send(new PutObjectCommand({ Bucket: "versioned", Key: "f", Body: "one" })))
      .VersionId;
    const v2 = (await s3.send(new PutObjectCommand({ Bucket: "versioned", Key: "f", Body: "two" })))
      .VersionId;
    expect(v1).toBeTruthy();
    expect(v2).not.toBe(v1);
    expect(await text(s3.send(new GetObjectCommand({ Bucket: "versioned", Key: "f" })))).toBe(
      "two",
    );
    expect(
      await text(s3.send(new GetObjectCommand({ Bucket: "versioned", Key: "f", VersionId: v1 }))),
    ).toBe("one");
    const del = await s3.send(new DeleteObjectCommand({ Bucket: "versioned", Key: "f" }));
    expect(del.DeleteMarker).toBe(true);
    expect(
      await failure(s3.send(new GetObjectCommand({ Bucket: "versioned", Key: "f" }))),
    ).toMatchObject({ name: "NoSuchKey" });
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: "versioned" }));
    expect(versions.Versions?.map((v) => v.VersionId)).toEqual([v2, v1]);
    expect(versions.DeleteMarkers?.[0]?.IsLatest).toBe(true);
    const copy = await s3.send(
      new CopyObjectCommand({
        Bucket: "versioned",
        Key: "g",
        CopySource: `versioned/f?versionId=${v1}`,
      }),
    );
    expect(copy.CopySourceVersionId).toBe(v1);
    expect(await text(s3.send(new GetObjectCommand({ Bucket: "versioned", Key: "g" })))).toBe(
      "one",
    );
    expect(
      await failure(
        s3.send(
          new GetObjectCommand({ Bucket: "versioned", Key: "g", VersionId: "nosuchversion" }),
        ),
      ),
    ).toMatchObject({ name: "NoSuchVersion" });
  });

  test("lists keys with prefixes, delimiters and pages", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: "listing" }));
    for (const k of ["a/1", "a/2", "b/1", "c", "d"])
      await s3.send(new PutObjectCommand({ Bucket: "listing", Key: k, Body: k }));
    const top = await s3.send(new ListObjectsV2Command({ Bucket: "listing", Delimiter: "/" }));
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["a/", "b/"]);
    expect(top.Contents?.map((c) => c.Key)).toEqual(["c", "d"]);
    const page1 = await s3.send(new ListObjectsV2Command({ Bucket: "listing", MaxKeys: 2 }));
    expect(page1.Contents?.map((c) => c.Key)).toEqual(["a/1", "a/2"]);
    expect(page1.IsTruncated).toBe(true);
    const page2 = await s3.send(
      new ListObjectsV2Command({
        Bucket: "listing",
        MaxKeys: 10,
        ContinuationToken: page1.NextContinuationToken,
      }),
    );
    expect(page2.Contents?.map((c) => c.Key)).toEqual(["b/1", "c", "d"]);
    const sub = await s3.send(new ListObjectsV2Command({ Bucket: "listing", Prefix: "a/" }));
    expect(sub.KeyCount).toBe(2);
    const deleted = await s3.send(
      new DeleteObjectsCommand({
        Bucket: "listing",
        Delete: { Objects: [{ Key: "a/1" }, { Key: "a/2" }] },
      }),
    );
    expect(deleted.Deleted?.map((d) => d.Key)).toEqual(["a/1", "a/2"]);
    const rest = await s3.send(new ListObjectsV2Command({ Bucket: "listing" }));
    expect(rest.Contents?.map((c) => c.Key)).toEqual(["b/1", "c", "d"]);
  });

  test("refuses a request signed with the wrong secret, in S3's XML", async () => {
    const forged = new S3Client({
      ...engineClientConfig(t.engine),
      forcePathStyle: true,
      credentials: { ...engineCredentials(t.engine), secretAccessKey: "wrong" },
    });
    const err = await failure(forged.send(new ListBucketsCommand({})));
    forged.destroy();
    expect(err.status).toBe(403);
    expect(err.name).toBe("InvalidSignatureException");
  });

  test("assembles multipart uploads (what aws s3 cp uses above 8 MB) and keeps objects across a restart", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: "multipart" }));
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: "multipart",
        VersioningConfiguration: { Status: "Enabled" },
      }),
    );
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: "multipart", Key: "big.zip" }),
    );
    const first = Buffer.alloc(5 * 1024 * 1024, 1);
    const second = Buffer.from("the end");
    const p1 = await s3.send(
      new UploadPartCommand({
        Bucket: "multipart",
        Key: "big.zip",
        UploadId,
        PartNumber: 1,
        Body: first,
      }),
    );
    const p2 = await s3.send(
      new UploadPartCommand({
        Bucket: "multipart",
        Key: "big.zip",
        UploadId,
        PartNumber: 2,
        Body: second,
      }),
    );
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: "multipart",
        Key: "big.zip",
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag },
            { PartNumber: 2, ETag: p2.ETag },
          ],
        },
      }),
    );
    expect(done.ETag).toMatch(/-2"$/);
    expect(done.VersionId).toBeTruthy();
    await t.restart();
    s3.destroy();
    s3 = s3ClientFor(t.engine);
    const got = await s3.send(
      new GetObjectCommand({ Bucket: "multipart", Key: "big.zip", VersionId: done.VersionId }),
    );
    const data = Buffer.from((await got.Body?.transformToByteArray()) ?? new Uint8Array());
    expect(data.equals(Buffer.concat([first, second]))).toBe(true);
    expect(
      await failure(
        s3.send(
          new UploadPartCommand({
            Bucket: "multipart",
            Key: "big.zip",
            UploadId,
            PartNumber: 3,
            Body: "x",
          }),
        ),
      ),
    ).toMatchObject({ name: "NoSuchUpload", status: 404 });
  });
});
