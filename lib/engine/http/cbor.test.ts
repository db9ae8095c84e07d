import { cbor, tag } from "@smithy/core/cbor";
import { describe, expect, it } from "vitest";
import { CborError, decodeCbor, encodeCbor } from "./cbor";

const doc = {
  text: "héllo",
  int: 23,
  big: 4_294_967_296,
  negative: -500,
  float: 1.5,
  yes: true,
  no: false,
  list: [1, "a", { nested: [] }],
  empty: {},
};

describe("CBOR as the SDK's codec writes and reads it", () => {
  it("decodes what @smithy/core/cbor encodes, tag-1 timestamps as epoch seconds", () => {
    const bytes = cbor.serialize({ ...doc, at: tag({ tag: 1, value: 1_700_000_000.25 }) });
    expect(decodeCbor(bytes)).toEqual({ ...doc, at: 1_700_000_000.25 });
  });

  it("encodes what @smithy/core/cbor decodes: Dates as tag 1, Maps as maps, undefined left out", () => {
    const bytes = encodeCbor({
      ...doc,
      at: new Date(1500),
      map: new Map([["p99", 2]]),
      gone: undefined,
    });
    const got = cbor.deserialize(bytes) as Record<string, unknown>;
    expect({ ...got, at: null }).toEqual({ ...doc, at: null, map: { p99: 2 } });
    expect(got.at).toMatchObject({ tag: 1, value: 1.5 });
    const doubles = Buffer.from(encodeCbor({ n: 1 }, { doubles: true })).toString("hex");
    expect(doubles).toBe("a1616efb3ff0000000000000");
  });

  it("reads indefinite lengths and half floats; refuses truncated input and non-text keys", () => {
    // {_ "a": [_ 1, 2], "b": (_ "x", "y")} then half-float 1.5 under "h"
    const bytes = Buffer.from(
      "bf6161 9f0102ff 6162 7f61786179ff 6168 f93e00 ff".replace(/ /g, ""),
      "hex",
    );
    expect(decodeCbor(bytes)).toEqual({ a: [1, 2], b: "xy", h: 1.5 });
    expect(() => decodeCbor(Buffer.from("a26161", "hex"))).toThrow(CborError);
    expect(() => decodeCbor(Buffer.from("a10101", "hex"))).toThrow(CborError);
  });
});
