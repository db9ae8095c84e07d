import { describe, expect, it } from "vitest";
import { parseWireHead } from "./wire-connection";

const head = (...lines: string[]) => ["POST /p?q=1 HTTP/1.1", ...lines].join("\r\n");

describe("parseWireHead", () => {
  it("reads what node:http would: lower-case names, values without surrounding spaces or tabs", () => {
    expect(
      parseWireHead(
        head(
          "Host: h",
          "Content-Length:  12 ",
          "X-Amz-Date:\t20261207T000000Z\t",
          "Connection: Close",
        ),
      ),
    ).toEqual({
      method: "POST",
      url: "/p?q=1",
      headers: {
        host: "h",
        "content-length": "12",
        "x-amz-date": "20261207T000000Z",
        connection: "Close",
      },
      length: 12,
      close: true,
    });
    expect(parseWireHead("GET /x HTTP/1.1")).toMatchObject({
      method: "GET",
      length: 0,
      close: false,
    });
    // JavaScript's trim() would also take a no-break space (latin1 0xa0); HTTP keeps it.
    expect(parseWireHead(head("X-A: \u00a0v\u00a0"))?.headers["x-a"]).toBe("\u00a0v\u00a0");
  });

  it.each([
    ["HTTP/1.0", "POST /p HTTP/1.0"],
    ["no version", "POST /p"],
    ["a chunked body", head("Transfer-Encoding: chunked")],
    ["Expect", head("Expect: 100-continue")],
    ["an upgrade", head("Upgrade: websocket")],
    ["a repeated name", head("X-A: 1", "x-a: 2")],
    ["a repeated Content-Length", head("Content-Length: 1", "Content-Length: 1")],
    ["a Content-Length that is not a number", head("Content-Length: 1e3")],
    ["a control character in a value", head("X-A: a\u0001b")],
    ["a bare line feed", head("X-A: a\nX-B: b")],
    ["a folded line", head("X-A: a", " b")],
    ["a space in a name", head("X A: a")],
    ["a line without a colon", head("X-A")],
    ["a name Object.prototype has", head("Constructor: x")],
  ])("leaves %s to node:http", (_, text) => {
    expect(parseWireHead(text)).toBeUndefined();
  });
});
