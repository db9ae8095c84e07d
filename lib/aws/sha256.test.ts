import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/protocol-http";
import { Sha256 } from "./sha256";

const hex = async (h: Sha256) => Buffer.from(await h.digest()).toString("hex");

describe("Sha256 (the console signer's hash)", () => {
  it("hashes and HMACs as node:crypto does, for string, buffer and offset-view keys", async () => {
    const data = new TextEncoder().encode("payload");
    const plain = new Sha256();
    plain.update(data);
    expect(await hex(plain)).toBe(crypto.createHash("sha256").update(data).digest("hex"));

    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const view = backing.subarray(2, 5);
    for (const key of ["secret", view, view.slice().buffer]) {
      const mac = new Sha256(key);
      mac.update(data);
      const expected = crypto
        .createHmac("sha256", typeof key === "string" ? key : Buffer.from([1, 2, 3]))
        .update(data)
        .digest("hex");
      expect(await hex(mac)).toBe(expected);
    }
  });

  it("gives the SDK signer AWS's published get-vanilla SigV4 signature", async () => {
    const signer = new SignatureV4({
      credentials: {
        accessKeyId: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
      },
      region: "us-east-1",
      service: "service",
      sha256: Sha256,
      applyChecksum: false,
    });
    const signed = await signer.sign(
      new HttpRequest({
        method: "GET",
        protocol: "https:",
        hostname: "example.amazonaws.com",
        path: "/",
        headers: { host: "example.amazonaws.com" },
      }),
      { signingDate: new Date("2015-08-30T12:36:00Z") },
    );
    expect(signed.headers.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, " +
        "SignedHeaders=host;x-amz-date, " +
        "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    );
  });
});
