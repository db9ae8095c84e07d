import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/protocol-http";
// A client's SHA-256 (the console's), kept apart from the engine's own NodeSha256.
import { Sha256 } from "../../lib/aws/sha256";

/**
 * Headers for a request signed by the SDK's SigV4 signer as a Lambda client signs it (fetch sets
 * Host itself, so it is left out). Specs use it for routes no SDK command covers, and to send
 * something other than what was signed.
 */
export async function signedHeaders(
  url: URL,
  credentials: { accessKeyId: string; secretAccessKey: string },
  req: { method: string; body?: string; headers?: Record<string, string> },
): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    credentials,
    region: "us-east-1",
    service: "lambda",
    sha256: Sha256,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: req.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { host: url.host, ...req.headers },
      body: req.body,
    }),
  );
  const headers = { ...signed.headers };
  delete headers.host;
  return headers;
}
