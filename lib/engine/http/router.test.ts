import { describe, expect, it } from "vitest";
import { Router } from "./router";
import { json } from "./types";

const head = (headers: Record<string, string>, path = "/bucket/key", query = "") => ({
  method: "PUT",
  path,
  query: new URLSearchParams(query),
  headers,
});

describe("services dispatched by the credential scope", () => {
  const router = new Router().service(
    "s3",
    () => ({
      action: "s3:PutObject",
      protocol: "restXml",
      maxBodyBytes: 5,
      limitName: "PutObject",
    }),
    () => json(200, {}),
  );

  it("routes a request signed for s3 to the s3 handler, with its operation's body cap", () => {
    const auth =
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261206/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00";
    const m = router.match(head({ authorization: auth }));
    expect(m.error).toBeUndefined();
    expect(m.error ? undefined : m.operation?.action).toBe("s3:PutObject");
    expect(m.maxBodyBytes).toBe(5);
  });

  it("routes a presigned URL by its X-Amz-Credential", () => {
    const m = router.match(
      head(
        {},
        "/bucket/key",
        "X-Amz-Credential=AKIDEXAMPLE%2F20261206%2Fus-east-1%2Fs3%2Faws4_request",
      ),
    );
    expect(m.error ? undefined : m.operation?.action).toBe("s3:PutObject");
  });

  it("leaves requests for other services to paths and targets", () => {
    const auth =
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261206/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00";
    const m = router.match(head({ authorization: auth }));
    expect(m.error?.type).toBe("UnknownOperationException");
  });
});
