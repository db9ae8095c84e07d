import {
  FilterPatternError,
  checkOperand,
  compareValue,
  readLiteral,
  readOperator,
  skipSpaces,
  type CompareOp,
  type Literal,
} from "./filter-values";

/** JSON filter patterns: `{ $.a.b[0] = "x*" && ($.ms > 100 || $.err IS NULL) }`. */

type PathStep = string | number;

export type JsonExpr =
  | { kind: "and" | "or"; left: JsonExpr; right: JsonExpr }
  | { kind: "compare"; path: PathStep[]; op: CompareOp; lit: Literal }
  | { kind: "test"; path: PathStep[]; test: "null" | "true" | "false" | "exists" | "notExists" };

class JsonParser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): JsonExpr {
    this.i = skipSpaces(this.src, this.i);
    if (this.src[this.i] !== "{") throw this.fail();
    this.i++;
    const expr = this.parseOr();
    this.i = skipSpaces(this.src, this.i);
    if (this.src[this.i] !== "}") throw this.fail();
    this.i = skipSpaces(this.src, this.i + 1);
    if (this.i !== this.src.length) throw this.fail();
    return expr;
  }

  private fail(): FilterPatternError {
    return new FilterPatternError(`Invalid filter pattern: '${this.src.trim()}'`);
  }

  private peek(token: string): boolean {
    this.i = skipSpaces(this.src, this.i);
    return this.src.startsWith(token, this.i);
  }

  private parseOr(): JsonExpr {
    let left = this.parseAnd();
    while (this.peek("||")) {
      this.i += 2;
      left = { kind: "or", left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): JsonExpr {
    let left = this.parseUnary();
    while (this.peek("&&")) {
      this.i += 2;
      left = { kind: "and", left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): JsonExpr {
    if (this.peek("(")) {
      this.i++;
      const inner = this.parseOr();
      if (!this.peek(")")) throw this.fail();
      this.i++;
      return inner;
    }
    const path = this.parseSelector();
    this.i = skipSpaces(this.src, this.i);
    const word = /^(IS\s+NULL|IS\s+TRUE|IS\s+FALSE|NOT\s+EXISTS|EXISTS)\b/i.exec(
      this.src.slice(this.i),
    );
    if (word) {
      this.i += word[0].length;
      const w = word[0].toUpperCase().replace(/\s+/g, " ");
      const test =
        w === "IS NULL"
          ? "null"
          : w === "IS TRUE"
            ? "true"
            : w === "IS FALSE"
              ? "false"
              : w === "EXISTS"
                ? "exists"
                : "notExists";
      return { kind: "test", path, test };
    }
    const op = readOperator(this.src, this.i);
    if (!op) throw this.fail();
    this.i = skipSpaces(this.src, op.end);
    const { lit, end } = readLiteral(this.src, this.i, "&|()}");
    checkOperand(op.op, lit, this.src.trim());
    this.i = end;
    return { kind: "compare", path, op: op.op, lit };
  }

  private parseSelector(): PathStep[] {
    this.i = skipSpaces(this.src, this.i);
    if (this.src[this.i] !== "$") throw this.fail();
    const start = this.i;
    this.i++;
    const steps: PathStep[] = [];
    for (;;) {
      const c = this.src[this.i];
      if (c === ".") {
        const m = /^\.([A-Za-z0-9_\-@$]+)/.exec(this.src.slice(this.i));
        if (!m || m[1] === undefined) {
          // As AWS words it for `$."sc-status"`: Invalid character(s) in term '$."'.
          const bad = this.src[this.i + 1];
          if (bad !== undefined && !/\s/.test(bad)) {
            throw new FilterPatternError(
              `Invalid character(s) in term '${this.src.slice(start, this.i + 2)}'`,
            );
          }
          throw this.fail();
        }
        steps.push(m[1]);
        this.i += m[0].length;
      } else if (c === "[") {
        const m = /^\[(\d+)\]/.exec(this.src.slice(this.i));
        if (!m) throw this.fail();
        steps.push(Number(m[1]));
        this.i += m[0].length;
      } else break;
    }
    if (steps.length === 0) throw this.fail();
    return steps;
  }
}

export function parseJsonPattern(src: string): JsonExpr {
  return new JsonParser(src).parse();
}

function resolve(doc: unknown, path: PathStep[]): { found: boolean; value: unknown } {
  let cur: unknown = doc;
  for (const step of path) {
    if (typeof step === "number") {
      if (!Array.isArray(cur) || step >= cur.length) return { found: false, value: undefined };
      cur = cur[step];
    } else {
      if (
        cur === null ||
        typeof cur !== "object" ||
        Array.isArray(cur) ||
        !Object.hasOwn(cur, step)
      ) {
        return { found: false, value: undefined };
      }
      cur = (cur as Record<string, unknown>)[step];
    }
  }
  return { found: true, value: cur };
}

export function evaluateJson(expr: JsonExpr, doc: unknown): boolean {
  switch (expr.kind) {
    case "and":
      return evaluateJson(expr.left, doc) && evaluateJson(expr.right, doc);
    case "or":
      return evaluateJson(expr.left, doc) || evaluateJson(expr.right, doc);
    case "test": {
      const { found, value } = resolve(doc, expr.path);
      if (expr.test === "exists") return found;
      if (expr.test === "notExists") return !found;
      if (expr.test === "null") return found && value === null;
      return found && value === (expr.test === "true");
    }
    case "compare": {
      const { found, value } = resolve(doc, expr.path);
      if (!found) return false;
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")
        return false;
      return compareValue(value, expr.op, expr.lit);
    }
  }
}

/** Substrings every match must contain (plain `=` strings under top-level ANDs), for a SQL prefilter. */
export function jsonRequiredSubstrings(expr: JsonExpr): string[] {
  if (expr.kind === "and")
    return [...jsonRequiredSubstrings(expr.left), ...jsonRequiredSubstrings(expr.right)];
  if (
    expr.kind === "compare" &&
    expr.op === "=" &&
    expr.lit.kind === "string" &&
    /^[A-Za-z0-9_ ]+$/.test(expr.lit.value)
  ) {
    return [expr.lit.value];
  }
  return [];
}
