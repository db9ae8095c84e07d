import { describe, expect, it } from "vitest";
import { preflightHeaders, responseCorsHeaders } from "./cors";
import { shapeUrlResponse, splitStreamPrelude } from "./payload";
import { routeUrl } from "./url-server";
import { UrlStreamWriter, type Head } from "./stream-response";

const ID = "a".repeat(32);

describe("function URL helpers", () => {
  it("routes by host name, else by the path form; anything else is no URL", () => {
    expect(routeUrl(`${ID}.lambda-url.us-east-1.localhost:9002`, "/p?q=1")).toEqual({
      urlId: ID,
      rawPath: "/p",
      rawQueryString: "q=1",
    });
    expect(routeUrl("127.0.0.1:9002", `/lambda-url/${ID}/x/y?z`)).toEqual({
      urlId: ID,
      rawPath: "/x/y",
      rawQueryString: "z",
    });
    expect(routeUrl("127.0.0.1:9002", `/lambda-url/${ID}`)?.rawPath).toBe("/");
    expect(routeUrl("127.0.0.1:9002", "/other")).toBeUndefined();
  });

  it("shapes results as Lambda does: statusCode objects, plain values, invalid JSON", () => {
    const plain = shapeUrlResponse(Buffer.from('"hi"'));
    expect(plain).toMatchObject({ status: 200, headers: { "content-type": "application/json" } });
    expect(plain.body.toString()).toBe('"hi"');
    const noStatus = shapeUrlResponse(Buffer.from('{"body":"x"}'));
    expect(noStatus.body.toString()).toBe('{"body":"x"}');
    const full = shapeUrlResponse(
      Buffer.from(
        JSON.stringify({
          statusCode: 404,
          headers: { "X-A": 1 },
          cookies: ["a=1"],
          body: "AAE=",
          isBase64Encoded: true,
        }),
      ),
    );
    expect(full).toMatchObject({ status: 404, headers: { "x-a": "1" }, cookies: ["a=1"] });
    expect([...full.body]).toEqual([0, 1]);
    expect(shapeUrlResponse(Buffer.from("not json")).status).toBe(502);
  });

  it("splits a stream prelude only when it is a JSON object followed by eight NULs", () => {
    const framed = Buffer.concat([
      Buffer.from('{"statusCode":201}'),
      Buffer.alloc(8),
      Buffer.from("b"),
    ]);
    expect(splitStreamPrelude(framed)).toEqual({
      prelude: { statusCode: 201 },
      body: Buffer.from("b"),
    });
    expect(splitStreamPrelude(Buffer.from('{"a":1}'))).toBeUndefined();
    expect(splitStreamPrelude(Buffer.from("plain"))).toBeUndefined();
  });

  it("streams: waits for the whole prelude, then writes pieces as they come", () => {
    const heads: Head[] = [];
    const out: string[] = [];
    const w = new UrlStreamWriter(
      (h) => heads.push(h),
      (c) => out.push(c.toString()),
    );
    w.push(Buffer.from('{"statusCode":2'));
    expect(w.started).toBe(false);
    w.push(
      Buffer.concat([Buffer.from('02,"cookies":["c=1"]}'), Buffer.alloc(8), Buffer.from("one")]),
    );
    w.push(Buffer.from("two"));
    expect(heads).toEqual([{ status: 202, headers: {}, cookies: ["c=1"] }]);
    expect(out).toEqual(["one", "two"]);
  });

  it("CORS: only allowed origins and methods get headers; '*' with credentials echoes the origin", () => {
    const cors = { AllowOrigins: ["https://a.example"], AllowMethods: ["GET"], MaxAge: 10 };
    expect(preflightHeaders(cors, "https://b.example", "GET", undefined)).toEqual({});
    expect(preflightHeaders(cors, "https://a.example", "POST", undefined)).toEqual({});
    expect(preflightHeaders(cors, "https://a.example", "GET", undefined)).toMatchObject({
      "access-control-allow-origin": "https://a.example",
      "access-control-max-age": "10",
    });
    expect(
      responseCorsHeaders({ AllowOrigins: ["*"], AllowCredentials: true }, "https://z.example"),
    ).toMatchObject({
      "access-control-allow-origin": "https://z.example",
      "access-control-allow-credentials": "true",
    });
    expect(
      responseCorsHeaders({ AllowOrigins: ["*"] }, "https://z.example")[
        "access-control-allow-origin"
      ],
    ).toBe("*");
  });
});
