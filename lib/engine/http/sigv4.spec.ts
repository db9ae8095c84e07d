import { describe, expect } from "vitest";
import { ListFunctionsCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { failure, type TestEngine } from "@/test/support/lambda";
import { engineTest } from "@/test/support/fixtures";
import { signedHeaders } from "@/test/support/signed-headers";
import { engineClientConfig, engineCredentials } from "@/test/support/client-config";

let t: TestEngine;

const test = engineTest("sigv4-");

test.beforeAll(async ({ testEngine }) => {
  t = testEngine;
});

const PATH = "/2015-03-31/functions/nope/invocations";

/** Signs a POST with the SDK's signer; the test then sends what it likes. */
function signedPost(body: string, opts: { contentSha256?: string; secret?: string } = {}) {
  return signedHeaders(
    new URL(`${t.engine.endpoint}${PATH}`),
    {
      ...engineCredentials(t.engine),
      ...(opts.secret !== undefined ? { secretAccessKey: opts.secret } : {}),
    },
    {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        ...(opts.contentSha256 ? { "x-amz-content-sha256": opts.contentSha256 } : {}),
      },
    },
  );
}

async function send(headers: Record<string, string>, body: string) {
  const res = await fetch(`${t.engine.endpoint}${PATH}`, { method: "POST", headers, body });
  return {
    status: res.status,
    type: res.headers.get("x-amzn-errortype"),
    body: (await res.json()) as { message?: string },
  };
}

describe("SigV4", () => {
  test("accepts the SDK's signed requests and the signed body as sent", async () => {
    const out = await t.lambda.send(new ListFunctionsCommand({}));
    expect(out.Functions).toEqual([]);
    // Signed correctly, the request reaches the API: the function does not exist.
    const res = await send(await signedPost('{"a":1}'), '{"a":1}');
    expect(res.status).toBe(404);
    expect(res.type).toBe("ResourceNotFoundException");
  });

  test("refuses a wrong secret, an unknown key and a missing signature with AWS's 403s", async () => {
    const wrongSecret = new LambdaClient({
      ...engineClientConfig(t.engine),
      credentials: { ...engineCredentials(t.engine), secretAccessKey: "wrong" },
    });
    expect(await failure(wrongSecret.send(new ListFunctionsCommand({})))).toMatchObject({
      name: "InvalidSignatureException",
      status: 403,
      message: expect.stringContaining("The request signature we calculated does not match"),
    });
    const unknownKey = new LambdaClient({
      endpoint: t.engine.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" },
      maxAttempts: 1,
    });
    expect(await failure(unknownKey.send(new ListFunctionsCommand({})))).toMatchObject({
      name: "UnrecognizedClientException",
      status: 403,
      message: "The security token included in the request is invalid.",
    });
    wrongSecret.destroy();
    unknownKey.destroy();
    const unsigned = await fetch(`${t.engine.endpoint}/2015-03-31/functions`);
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
  });

  test("refuses a body changed after signing, and a declared body hash that is not the body's", async () => {
    const tampered = await send(await signedPost('{"a":1}'), '{"a":2}');
    expect(tampered.status).toBe(403);
    expect(tampered.type).toBe("InvalidSignatureException");
    // The hash header is signed, so the signature holds: only the body check can catch this.
    const declared = await send(
      await signedPost('{"a":1}', { contentSha256: "0".repeat(64) }),
      '{"a":1}',
    );
    expect(declared.status).toBe(403);
    expect(declared.type).toBe("InvalidSignatureException");
  });
});
