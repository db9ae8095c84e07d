import { describe, expect, it } from "vitest";
import { decodeClientContext, validateInvokePayload } from "./validate";
import { splitFunctionName } from "./invoker";

describe("Invoke input checks", () => {
  it("delivers an empty payload as {} and refuses what is not JSON", () => {
    expect(validateInvokePayload(Buffer.alloc(0), "RequestResponse").toString()).toBe("{}");
    expect(() => validateInvokePayload(Buffer.from("{oops"), "RequestResponse")).toThrow(
      /^Could not parse request body into json: Could not parse payload into json: /,
    );
    expect(
      validateInvokePayload(Buffer.from('"a string is JSON"'), "RequestResponse").toString(),
    ).toBe('"a string is JSON"');
  });

  it("applies 6 MB to sync and 1 MB to async payloads", () => {
    expect(() => validateInvokePayload(Buffer.alloc(6_291_457, 0x20), "RequestResponse")).toThrow(
      "Request must be smaller than 6291456 bytes for the InvokeFunction operation",
    );
    expect(() => validateInvokePayload(Buffer.alloc(1_048_577, 0x20), "Event")).toThrow(
      "Request must be smaller than 1048576 bytes for the InvokeAsync operation",
    );
  });

  it("decodes X-Amz-Client-Context and refuses what is not a base64 JSON object", () => {
    expect(decodeClientContext(Buffer.from('{"custom":{"a":1}}').toString("base64"))).toBe(
      '{"custom":{"a":1}}',
    );
    const pretty = Buffer.from('{\n  "custom": {"a": "é"}\n}').toString("base64");
    expect(decodeClientContext(pretty)).toBe('{"custom":{"a":"\\u00e9"}}');
    expect(() => decodeClientContext(Buffer.from("[1]").toString("base64"))).toThrow(
      /Client context/,
    );
  });

  it("splits names, partial ARNs and full ARNs with qualifiers", () => {
    expect(splitFunctionName("f", undefined)).toEqual({ name: "f", qualifier: undefined });
    expect(splitFunctionName("f:prod", undefined)).toEqual({ name: "f", qualifier: "prod" });
    expect(splitFunctionName("123456789012:function:f:7", undefined)).toEqual({
      name: "f",
      qualifier: "7",
    });
    expect(
      splitFunctionName("arn:aws:lambda:us-east-1:123456789012:function:f", "$LATEST"),
    ).toEqual({ name: "f", qualifier: "$LATEST" });
    expect(() => splitFunctionName("f:1", "2")).toThrow(/does not match/);
  });
});
