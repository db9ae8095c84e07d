import { describe, expect, it } from "vitest";
import { filterRows, matchesQuery, parseSort, type FunctionRow } from "./rows";

const row = (over: Partial<FunctionRow>): FunctionRow => ({
  name: "orders-api",
  arn: "arn:aws:lambda:us-east-1:000000000000:function:orders-api",
  runtime: "nodejs20.x",
  packageType: "Zip",
  description: "Takes orders",
  memoryMb: 128,
  timeoutSeconds: 3,
  lastModified: "2024-01-01T00:00:00.000+0000",
  architectures: ["x86_64"],
  codeSizeBytes: 1,
  ...over,
});

describe("function list search", () => {
  it("matches name, description, runtime and tags, all terms required", () => {
    const r = row({ tags: { team: "payments", env: "prod" } });
    expect(matchesQuery(r, "ORDERS")).toBe(true);
    expect(matchesQuery(r, "takes")).toBe(true);
    expect(matchesQuery(r, "nodejs20")).toBe(true);
    expect(matchesQuery(r, "payments")).toBe(true);
    expect(matchesQuery(r, "team=payments")).toBe(true);
    expect(matchesQuery(r, "team=pay")).toBe(false);
    expect(matchesQuery(r, "orders python")).toBe(false);
    expect(matchesQuery(row({ packageType: "Image", runtime: undefined }), "container")).toBe(true);
  });

  it("an empty query keeps every row", () => {
    expect(filterRows([row({}), row({ name: "b" })], "  ")).toHaveLength(2);
  });

  it("parses sort params, falling back to name", () => {
    expect(parseSort("-memory")).toEqual({ id: "memory", desc: true });
    expect(parseSort("timeout")).toEqual({ id: "timeout", desc: false });
    expect(parseSort("bogus")).toEqual({ id: "name", desc: false });
  });
});
