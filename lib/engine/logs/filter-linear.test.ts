import { describe, expect, it, vi } from "vitest";
import { FilterPatternError, compileFilterPattern } from "./filter-pattern";
import { compareValue, globMatch } from "./filter-values";
import { parseSpacePattern, splitFields, type SpacePattern } from "./filter-space";

/** Filter patterns come from viewers and run on the engine's only thread: none may backtrack. */

const matches = (pattern: string, message: string) => compileFilterPattern(pattern).match(message);

/**
 * Runs `f` and counts the calls of one built-in it makes: the hostile cases below take minutes
 * when backtracking, so the tests count the work instead of timing it.
 */
function counting(method: "exec" | "indexOf" | "includes", f: () => void): number {
  const spy =
    method === "exec" ? vi.spyOn(RegExp.prototype, "exec") : vi.spyOn(String.prototype, method);
  try {
    f();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

describe("regex terms run on RE2", () => {
  it("answers nested and stacked quantifiers over long runs at once", () => {
    const long = "a".repeat(200);
    const json = JSON.stringify({ m: long });
    const cases: [string, string][] = [
      ["%a*a*a*a*a*a*b%", long],
      ["%[a]+[a]+[a]+[a]+[a]+$x%", long],
      ["{ $.m = %a*a*a*a*a*a*b% }", json],
    ];
    for (const [pattern, message] of cases) {
      const compiled = compileFilterPattern(pattern);
      let result: boolean | undefined;
      // RE2 matches: JavaScript's backtracking RegExp never runs on the message.
      expect(
        counting("exec", () => (result = compiled.match(message))),
        pattern,
      ).toBe(0);
      expect(result, pattern).toBe(false);
    }
    expect(matches("%a*a*a*a*a*a*b%", `${long}b`)).toBe(true);
  });

  it("keeps JavaScript's meaning for the operators AWS supports", () => {
    expect(matches("%^ERROR [0-9]{3}$%", "ERROR 503")).toBe(true);
    expect(matches("%^ERROR [0-9]{3}$%", "ERROR 5034")).toBe(false);
    expect(matches("%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%", "from 10.0.3.7 ok")).toBe(true);
    expect(matches("%[Ee]rror|[Ff]ail%", "it broke")).toBe(false);
    expect(matches("%[Ee]rror|[Ff]ail%", "Fail fast")).toBe(true);
    expect(matches("%a.c%", "a\nc")).toBe(false);
    expect(matches("%\\bid\\b%", "the id is")).toBe(true);
    expect(matches("%\\bid\\b%", "the idea")).toBe(false);
    expect(matches("[code = %^5\\d\\d$%, ...]", "503 Service Unavailable")).toBe(true);
  });

  it("refuses what RE2 cannot run in linear time, as any invalid regex", () => {
    for (const bad of ["%a\\1%", "%a**%", "%x{1001}%", "%\\q%", "%(a+)+b%"]) {
      expect(() => compileFilterPattern(bad), bad).toThrow(FilterPatternError);
      expect(() => compileFilterPattern(bad), bad).toThrow(
        `Invalid regex in filter pattern: '${bad}'`,
      );
    }
  });

  it("refuses regexes too costly to run, even under the length cap", () => {
    const costly = `%${"[a-z]{1000}".repeat(5)}%`;
    expect(costly.length).toBeLessThan(1024);
    expect(() => compileFilterPattern(costly)).toThrow(FilterPatternError);
    expect(() => compileFilterPattern("%[a-z]{900}%")).not.toThrow();
  });
});

describe("the length cap", () => {
  it("accepts 1024 characters and refuses 1025, counting characters not UTF-16 units", () => {
    expect(() => compileFilterPattern(`"${"x".repeat(1022)}"`)).not.toThrow();
    expect(() => compileFilterPattern(`"${"x".repeat(1023)}"`)).toThrow(
      "Invalid filter pattern: longer than 1024 characters",
    );
    expect(() => compileFilterPattern(`"${"😀".repeat(1022)}"`)).not.toThrow();
  });
});

describe("wildcards in string values", () => {
  /** The regex the matcher used to build, kept here as the reference for short inputs. */
  const reference = (glob: string, text: string) =>
    new RegExp(
      `^${glob
        .split("*")
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join("[\\s\\S]*")}$`,
    ).test(text);

  it("agrees with the anchored-regex reading on every short glob and text over {a, b, *}", () => {
    const words = (alphabet: string, max: number): string[] =>
      max === 0
        ? [""]
        : ["", ...words(alphabet, max - 1).flatMap((w) => [...alphabet].map((c) => w + c))];
    const texts = words("ab", 5);
    for (const glob of words("ab*", 4)) {
      for (const text of texts)
        expect(globMatch(glob, text), `${glob} ~ ${text}`).toBe(reference(glob, text));
    }
  });

  it("answers many wildcards over a long value at once", () => {
    const glob = `*${"a*".repeat(30)}b`;
    let result: boolean | undefined;
    // One leftmost search per piece between the stars, never a step back: at most 30 searches.
    expect(
      counting("indexOf", () => (result = globMatch(glob, "a".repeat(10_000)))),
    ).toBeLessThanOrEqual(30);
    expect(result).toBe(false);
    expect(
      counting("indexOf", () => (result = globMatch(glob, `${"a".repeat(40)}b`))),
    ).toBeLessThanOrEqual(30);
    expect(result).toBe(true);
    expect(compareValue("a".repeat(200), "=", { kind: "string", value: glob, quoted: true })).toBe(
      false,
    );
  });
});

describe("space-delimited patterns with several ...", () => {
  /** The backtracking matcher this replaced: tries every way the ... can split the fields. */
  function reference(pattern: SpacePattern, message: string): boolean {
    const fields = splitFields(message);
    const values = new Map<string, string>();
    const holds = () =>
      pattern.slots.every(
        (slot) =>
          slot.kind !== "field" ||
          slot.anyOf.length === 0 ||
          slot.anyOf.some((group) =>
            group.every((c) => {
              const v = values.get(c.field);
              return v !== undefined && compareValue(v, c.op, c.lit);
            }),
          ),
      );
    const walk = (s: number, f: number): boolean => {
      const slot = pattern.slots[s];
      if (!slot) return f === fields.length && holds();
      if (slot.kind === "ellipsis") {
        for (let k = f; k <= fields.length; k++) if (walk(s + 1, k)) return true;
        return false;
      }
      const value = fields[f];
      if (value === undefined) return false;
      values.set(slot.name, value);
      return walk(s + 1, f + 1);
    };
    return walk(0, 0);
  }

  it("agrees with trying every split, on random patterns and messages", () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    const pick = <T>(xs: T[]): T => xs[random(xs.length)] as T;
    let compared = 0;
    for (let round = 0; round < 3000; round++) {
      const slots: string[] = [];
      const names = ["a", "b", "c"];
      for (let i = 0, n = 1 + random(6); i < n; i++) {
        if (random(3) === 0) {
          slots.push("...");
          continue;
        }
        const name = pick(names);
        const cond = () =>
          `${pick([name, name, pick(names)])} ${pick(["=", "!="])} ${pick(["x", "y", "x*"])}`;
        const kind = random(4);
        slots.push(
          kind === 0
            ? name
            : kind === 1
              ? `${name} ${cond().slice(2)}`
              : `${cond()} ${pick(["||", "&&"])} ${cond()}`,
        );
      }
      let pattern: SpacePattern;
      try {
        pattern = parseSpacePattern(`[${slots.join(", ")}]`);
      } catch (err) {
        // Conditions reading two floating segments are refused; anything else is a bug here.
        expect(err).toBeInstanceOf(FilterPatternError);
        continue;
      }
      const compiled = compileFilterPattern(`[${slots.join(", ")}]`);
      for (let m = 0; m < 5; m++) {
        const message = Array.from({ length: random(7) }, () => pick(["x", "y", "xy", "z"])).join(
          " ",
        );
        expect(compiled.match(message), `[${slots.join(", ")}] ~ "${message}"`).toBe(
          reference(pattern, message),
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(5000);
  });

  it("answers ten floating fields over a hundred fields at once", () => {
    const slots = Array.from({ length: 10 }, (_, i) => `..., f${i} = ${i < 9 ? "a" : "b"}`);
    const message = Array(100).fill("a").join(" ");
    const compiled = compileFilterPattern(`[${slots.join(", ")}, ...]`);
    let result: boolean | undefined;
    // Each of the 100 fields is compared at most once (a comparison asks whether the literal has
    // a wildcard): greedy placement, no backtracking over the ways to place ten segments.
    expect(counting("includes", () => (result = compiled.match(message)))).toBeLessThanOrEqual(100);
    expect(result).toBe(false);
    expect(matches(`[${slots.join(", ")}, ...]`, `${message} b`)).toBe(true);
  });

  it("refuses a condition that reads fields in two floating segments", () => {
    // Reading a pinned field (h, first) alongside a floating one is fine.
    expect(matches("[h, ..., b = x || h = y, ...]", "y q")).toBe(true);
    expect(matches("[h, ..., b = x || h = y, ...]", "z q x")).toBe(true);
    expect(matches("[h, ..., b = x || h = y, ...]", "z q")).toBe(false);
    expect(() =>
      compileFilterPattern("[..., a, ..., b, ..., c = x || a = y || b = z, ...]"),
    ).toThrow(FilterPatternError);
  });
});
