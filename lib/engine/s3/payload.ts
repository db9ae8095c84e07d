import crypto from "node:crypto";
import type { EngineRequest } from "../http/types";
import { badDigest, invalidArgument, invalidRequest, S3Error } from "./errors";
import { algorithmName, CHECKSUM_ALGORITHMS, checksumOf, isChecksumAlgorithm } from "./checksums";

/** An upload's content, decoded from aws-chunked when sent so, and the checksums it was checked against. */
export interface DecodedPayload {
  data: Buffer;
  /** {"CRC32": base64}: what the writer sent and the engine verified. */
  checksums: Record<string, string>;
}

const header = (req: EngineRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(",") : v;
};

const sha256hex = (b: Buffer | string) => crypto.createHash("sha256").update(b).digest("hex");
const EMPTY_SHA256 = sha256hex("");

const malformed = () =>
  new S3Error(400, "IncompleteBody", "The request body terminated unexpectedly");

/**
 * Decodes an aws-chunked body: "<hex size>[;chunk-signature=<sig>]\r\n<data>\r\n" chunks, a zero
 * chunk, then trailer lines ("x-amz-checksum-crc32:<b64>") and an empty line. Signed chunks
 * (STREAMING-AWS4-HMAC-SHA256-PAYLOAD*) are verified against the request's seed signature.
 */
function decodeChunked(
  req: EngineRequest,
  signed: boolean,
): { data: Buffer; trailers: Record<string, string> } {
  const body = req.body;
  const parts: Buffer[] = [];
  let pos = 0;
  let previous = req.signing?.signature;
  if (signed && !req.signing)
    throw invalidRequest("Signed chunks need a SigV4 Authorization header.");
  for (;;) {
    const eol = body.indexOf("\r\n", pos);
    if (eol === -1) throw malformed();
    const line = body.subarray(pos, eol).toString("latin1");
    const [sizeHex = "", ...ext] = line.split(";");
    const size = parseInt(sizeHex, 16);
    if (!/^[0-9a-fA-F]+$/.test(sizeHex) || !Number.isSafeInteger(size)) throw malformed();
    const start = eol + 2;
    const chunk = body.subarray(start, start + size);
    if (chunk.length !== size) throw malformed();
    if (signed && req.signing) {
      const given = ext.find((e) => e.startsWith("chunk-signature="))?.slice(16);
      const toSign = [
        "AWS4-HMAC-SHA256-PAYLOAD",
        req.signing.amzDate,
        req.signing.scope,
        previous,
        EMPTY_SHA256,
        sha256hex(chunk),
      ].join("\n");
      const expected = crypto.createHmac("sha256", req.signing.key).update(toSign).digest("hex");
      if (given !== expected)
        throw new S3Error(
          403,
          "SignatureDoesNotMatch",
          "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
        );
      previous = expected;
    }
    if (size === 0) {
      pos = start;
      break;
    }
    parts.push(chunk);
    pos = start + size;
    if (body.subarray(pos, pos + 2).toString("latin1") !== "\r\n") throw malformed();
    pos += 2;
  }
  const trailers: Record<string, string> = {};
  for (const line of body.subarray(pos).toString("latin1").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0)
      trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { data: Buffer.concat(parts), trailers };
}

/**
 * The object content of a PutObject: plain, UNSIGNED-PAYLOAD, or aws-chunked (STREAMING-*), with
 * Content-MD5 and every x-amz-checksum-* (header or trailer) checked against it, as S3 does.
 */
export function decodePayload(req: EngineRequest): DecodedPayload {
  const declared = header(req, "x-amz-content-sha256") ?? "";
  const encoding = header(req, "content-encoding") ?? "";
  const chunked = declared.startsWith("STREAMING-") || /(^|,)\s*aws-chunked/.test(encoding);
  let data = req.body;
  let trailers: Record<string, string> = {};
  if (chunked) {
    ({ data, trailers } = decodeChunked(
      req,
      declared.startsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
    ));
    const decodedLength = header(req, "x-amz-decoded-content-length");
    if (decodedLength !== undefined && Number(decodedLength) !== data.length) throw malformed();
  }
  const md5 = header(req, "content-md5");
  if (md5 !== undefined && crypto.createHash("md5").update(data).digest("base64") !== md5)
    throw new S3Error(
      400,
      "BadDigest",
      "The Content-MD5 you specified did not match what we received.",
    );
  const checksums: Record<string, string> = {};
  const announced = (header(req, "x-amz-trailer") ?? "").toLowerCase();
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const name = `x-amz-checksum-${algorithm}`;
    const given = header(req, name) ?? trailers[name];
    if (given === undefined) {
      if (announced.includes(name)) throw malformed();
      continue;
    }
    if (checksumOf(algorithm, data) !== given) throw badDigest(algorithmName(algorithm));
    checksums[algorithmName(algorithm)] = given;
  }
  const sdkAlgorithm = header(req, "x-amz-sdk-checksum-algorithm");
  if (sdkAlgorithm !== undefined && !isChecksumAlgorithm(sdkAlgorithm.toLowerCase()))
    throw invalidArgument(
      `Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]`,
    );
  return { data, checksums };
}
