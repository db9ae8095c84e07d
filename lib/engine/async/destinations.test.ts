import { describe, expect, it } from "vitest";
import { buildDestinationRecord, functionDestination } from "./destinations";

describe("destination records", () => {
  it("have Lambda's shape, embedding JSON payloads as JSON and others as strings", () => {
    const rec = JSON.parse(
      buildDestinationRecord({
        requestId: "r1",
        functionArn: "arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST",
        condition: "RetriesExhausted",
        approximateInvokeCount: 3,
        payload: Buffer.from('{"a":1}'),
        result: {
          payload: Buffer.from("not json"),
          functionError: "Unhandled",
          executedVersion: "$LATEST",
        },
      }).toString(),
    ) as Record<string, unknown>;
    expect(rec).toMatchObject({
      version: "1.0",
      requestContext: { requestId: "r1", condition: "RetriesExhausted", approximateInvokeCount: 3 },
      requestPayload: { a: 1 },
      responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
      responsePayload: "not json",
    });
    expect(Number.isNaN(Date.parse(String(rec.timestamp)))).toBe(false);
  });

  it("an event that aged out carries no response", () => {
    const rec = JSON.parse(
      buildDestinationRecord({
        requestId: "r",
        functionArn: "a",
        condition: "EventAgeExceeded",
        approximateInvokeCount: 1,
        payload: Buffer.from("{}"),
      }).toString(),
    ) as Record<string, unknown>;
    expect(rec).not.toHaveProperty("responseContext");
  });

  it("recognises function ARNs, with or without a qualifier", () => {
    expect(functionDestination("arn:aws:lambda:us-east-1:000000000000:function:sink")).toEqual({
      name: "sink",
    });
    expect(functionDestination("arn:aws:lambda:us-east-1:000000000000:function:sink:live")).toEqual(
      { name: "sink", qualifier: "live" },
    );
    expect(functionDestination("arn:aws:sqs:us-east-1:000000000000:queue")).toBeUndefined();
  });
});
