import { describe, expect, it } from "vitest";
import { FilterPatternError, compileFilterPattern } from "./filter-pattern";
import { splitFields } from "./filter-space";

const matches = (pattern: string, message: string) => compileFilterPattern(pattern).match(message);

describe("text patterns", () => {
  it("empty or blank pattern matches everything", () => {
    expect(matches("", "anything")).toBe(true);
    expect(matches("   ", "")).toBe(true);
    expect(compileFilterPattern(undefined).match("x")).toBe(true);
  });

  it("all terms must appear, case-sensitively", () => {
    expect(matches("ERROR", "2024 ERROR boom")).toBe(true);
    expect(matches("ERROR", "2024 error boom")).toBe(false);
    expect(matches("ERROR boom", "boom: ERROR")).toBe(true);
    expect(matches("ERROR boom", "ERROR bang")).toBe(false);
  });

  it("quoted phrases match exactly, including spaces and symbols", () => {
    expect(matches('"Task timed out"', "Task timed out after 3.00 seconds")).toBe(true);
    expect(matches('"Task timed out"', "Task out timed")).toBe(false);
    expect(matches('"[ERROR]" "a\\"b"', 'x [ERROR] a"b')).toBe(true);
  });

  it("?term ?term is OR", () => {
    const p = compileFilterPattern("?ERROR ?WARN");
    expect(p.match("WARN low disk")).toBe(true);
    expect(p.match("ERROR x")).toBe(true);
    expect(p.match("INFO fine")).toBe(false);
  });

  it("?OR combines with required and excluded terms", () => {
    expect(matches("REPORT ?Init ?Max", "REPORT Init Duration")).toBe(true);
    expect(matches("REPORT ?Init ?Max", "START Init")).toBe(false);
    expect(matches('?ERROR ?"timed out" -healthcheck', "healthcheck ERROR")).toBe(false);
    expect(matches('?ERROR ?"timed out" -healthcheck', "it timed out")).toBe(true);
  });

  it("-term excludes", () => {
    expect(matches("ERROR -Retrying", "ERROR Retrying soon")).toBe(false);
    expect(matches("ERROR -Retrying", "ERROR fatal")).toBe(true);
    expect(matches("-DEBUG", "INFO x")).toBe(true);
    expect(matches('-"health check"', "GET /health-check")).toBe(true);
    expect(matches('-"health check"', "a health check")).toBe(false);
  });

  it("%regex% matches with the supported operators", () => {
    expect(matches("%colou?r%", "the color")).toBe(true);
    expect(matches("%^[hc]at%", "hat stand")).toBe(true);
    expect(matches("%^[hc]at%", "a hat")).toBe(false);
    expect(matches("%ERROR% -%DEBUG%", "ERROR")).toBe(true);
  });

  it("refuses invalid terms with AWS's message", () => {
    expect(() => compileFilterPattern("foo(bar")).toThrow(FilterPatternError);
    expect(() => compileFilterPattern("foo(bar")).toThrow("Invalid character(s) in term '('");
    expect(() => compileFilterPattern("?Status: timeout")).toThrow(
      "Invalid character(s) in term ':'",
    );
    expect(() => compileFilterPattern("a,b")).toThrow("Invalid character(s) in term ','");
    expect(() => compileFilterPattern("3.00")).toThrow("Invalid character(s) in term '.'");
    expect(compileFilterPattern('"Status:" "3.00"').match("Status: 3.00")).toBe(true);
    expect(() => compileFilterPattern('"unterminated')).toThrow(FilterPatternError);
    expect(() => compileFilterPattern("%something!%")).toThrow(FilterPatternError);
    expect(() => compileFilterPattern("a!b")).toThrow("Invalid character(s) in term '!'");
  });

  it("exposes required literal terms for the SQL prefilter", () => {
    expect(compileFilterPattern('ERROR "timed out" ?x -y').requiredSubstrings).toEqual([
      "ERROR",
      "timed out",
    ]);
    expect(compileFilterPattern("?a ?b").requiredSubstrings).toEqual([]);
  });
});

describe("JSON patterns", () => {
  const ev = JSON.stringify({
    level: "ERROR",
    ms: 250,
    user: { id: 1, name: "Ada Lovelace" },
    users: [{ email: "john.doe@example.com" }, { email: "x@y" }],
    tags: ["a", "b"],
    ok: false,
    done: true,
    gone: null,
    ip: "10.0.3.7",
  });

  it("string equality, inequality and wildcards", () => {
    expect(matches('{ $.level = "ERROR" }', ev)).toBe(true);
    expect(matches("{ $.level = ERROR }", ev)).toBe(true);
    expect(matches('{ $.level = "error" }', ev)).toBe(false);
    expect(matches('{ $.level != "INFO" }', ev)).toBe(true);
    expect(matches('{ $.level != "ERROR" }', ev)).toBe(false);
    expect(matches('{ $.user.name = "Ada*" }', ev)).toBe(true);
    expect(matches('{ $.user.name = "*Love*" }', ev)).toBe(true);
    expect(matches("{ $.ip = 10.0.* }", ev)).toBe(true);
    expect(matches("{ $.ip != 10.0.* }", ev)).toBe(false);
  });

  it("numeric comparisons", () => {
    expect(matches("{ $.ms > 100 }", ev)).toBe(true);
    expect(matches("{ $.ms > 250 }", ev)).toBe(false);
    expect(matches("{ $.ms >= 250 }", ev)).toBe(true);
    expect(matches("{ $.ms < 251 }", ev)).toBe(true);
    expect(matches("{ $.ms <= 249.5 }", ev)).toBe(false);
    expect(matches("{ $.ms = 250 }", ev)).toBe(true);
    expect(matches("{ $.ms != 250 }", ev)).toBe(false);
    expect(matches("{ $.level > 1 }", ev)).toBe(false);
  });

  it("&&, || and parentheses with precedence", () => {
    expect(matches('{ $.level = "ERROR" && $.ms > 100 }', ev)).toBe(true);
    expect(matches('{ $.level = "ERROR" && $.ms > 1000 }', ev)).toBe(false);
    expect(matches('{ $.level = "INFO" || $.ms > 100 }', ev)).toBe(true);
    expect(matches('{ $.level = "INFO" && $.ms > 1 || $.user.id = 1 }', ev)).toBe(true);
    expect(matches('{ $.level = "INFO" && ($.ms > 1 || $.user.id = 1) }', ev)).toBe(false);
    expect(matches('{ ($.user.id = 1) && ($.users[0].email = "john.doe@example.com") }', ev)).toBe(
      true,
    );
  });

  it("nested paths and array indexes", () => {
    expect(matches("{ $.user.id = 1 }", ev)).toBe(true);
    expect(matches('{ $.users[1].email = "x@y" }', ev)).toBe(true);
    expect(matches('{ $.tags[0] = "a" }', ev)).toBe(true);
    expect(matches('{ $.tags[5] = "a" }', ev)).toBe(false);
    expect(matches('{ $.user.missing.deep = "a" }', ev)).toBe(false);
  });

  it("IS NULL, IS TRUE/FALSE, EXISTS, NOT EXISTS", () => {
    expect(matches("{ $.gone IS NULL }", ev)).toBe(true);
    expect(matches("{ $.level IS NULL }", ev)).toBe(false);
    expect(matches("{ $.nothing IS NULL }", ev)).toBe(false);
    expect(matches("{ $.done IS TRUE }", ev)).toBe(true);
    expect(matches("{ $.ok IS FALSE }", ev)).toBe(true);
    expect(matches("{ $.ok IS TRUE }", ev)).toBe(false);
    expect(matches("{ $.nothing NOT EXISTS }", ev)).toBe(true);
    expect(matches("{ $.gone NOT EXISTS }", ev)).toBe(false);
    expect(matches("{ $.gone EXISTS }", ev)).toBe(true);
    expect(matches("{ $.user.id EXISTS && $.nothing NOT EXISTS }", ev)).toBe(true);
  });

  it("never matches messages that are not JSON", () => {
    expect(matches('{ $.level = "ERROR" }', 'INFO {"level":"ERROR"}')).toBe(false);
    expect(matches('{ $.level = "ERROR" }', "{not json")).toBe(false);
    expect(matches("{ $.nothing NOT EXISTS }", "plain text")).toBe(false);
  });

  it("refuses malformed JSON patterns", () => {
    for (const bad of [
      "{ $.a = }",
      "{ a = 1 }",
      "{ $.a = 1",
      "{ $.a ~ 1 }",
      "{ ($.a = 1 }",
      "{ $.a > abc }",
      "{ $.a = 1 } x",
      "{ $. = 1 }",
    ]) {
      expect(() => compileFilterPattern(bad), bad).toThrow(FilterPatternError);
    }
  });

  it("names the offending characters of a quoted selector as AWS does", () => {
    expect(() => compileFilterPattern('{ $."sc-status" = 5* }')).toThrow(
      `Invalid character(s) in term '$."'`,
    );
  });

  it("offers plain = strings under ANDs as prefilter substrings", () => {
    expect(compileFilterPattern('{ $.level = "ERROR" && $.ms > 1 }').requiredSubstrings).toEqual([
      "ERROR",
    ]);
    expect(compileFilterPattern('{ $.level = "ERROR" || $.ms > 1 }').requiredSubstrings).toEqual(
      [],
    );
    expect(compileFilterPattern('{ $.level = "ERR*" }').requiredSubstrings).toEqual([]);
  });
});

describe("space-delimited patterns", () => {
  const line =
    '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 404 1534';

  it("splits fields with quotes and brackets as single fields", () => {
    expect(splitFields(line)).toEqual([
      "127.0.0.1",
      "-",
      "frank",
      "10/Oct/2000:13:25:15 -0700",
      "GET /apache_pb.gif HTTP/1.0",
      "404",
      "1534",
    ]);
  });

  it("matches by position, with conditions", () => {
    expect(matches("[ip, identity, user, timestamp, request, status = 404, size]", line)).toBe(
      true,
    );
    expect(matches("[ip, identity, user, timestamp, request, status = 200, size]", line)).toBe(
      false,
    );
    expect(matches("[ip, identity, user = frank, ...]", line)).toBe(true);
    expect(matches("[ip, ..., status = 4*, size > 1000]", line)).toBe(true);
    expect(matches("[ip, ..., status = 4*, size > 2000]", line)).toBe(false);
    expect(matches("[..., size]", line)).toBe(true);
    expect(matches("[a, b]", line)).toBe(false);
  });

  it("supports || and && inside a field", () => {
    expect(matches("[..., status = 500 || status = 404, size]", line)).toBe(true);
    expect(matches("[..., status != 200 && status != 404, size]", line)).toBe(false);
  });

  it("refuses malformed space-delimited patterns", () => {
    expect(() => compileFilterPattern("[a, b")).toThrow(FilterPatternError);
    expect(() => compileFilterPattern("[a, = 1]")).toThrow(FilterPatternError);
  });
});
