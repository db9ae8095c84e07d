import { RE2JS } from "re2js";

/** Shared pieces of the filter pattern language: errors, literal values and comparisons. */

/** A pattern CloudWatch Logs would refuse; the API answers InvalidParameterException with this message. */
export class FilterPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FilterPatternError";
  }
}

/**
 * AWS names the offending characters, not the whole term: "Invalid character(s) in term ':'".
 * Reports the first run of characters outside `allowed`.
 */
export function invalidTermError(term: string, allowed: RegExp): FilterPatternError {
  let start = 0;
  while (start < term.length && allowed.test(term[start] ?? "")) start++;
  let end = start;
  while (end < term.length && !allowed.test(term[end] ?? "")) end++;
  return new FilterPatternError(`Invalid character(s) in term '${term.slice(start, end) || term}'`);
}

export type CompareOp = "=" | "!=" | ">" | "<" | ">=" | "<=";

/** A literal on the right of a comparison: a number, a string (may hold `*` wildcards) or a %regex%. */
export type Literal =
  | { kind: "number"; value: number; raw: string }
  | { kind: "string"; value: string; quoted: boolean }
  | { kind: "regex"; value: RE2JS };

// Regex patterns accept only these characters (AWS: alphanumerics, a few symbols, the operators).
const REGEX_ALLOWED = /^[A-Za-z0-9_#=@/;,:\-^$?[\]{}|\\*+. ]*$/;

/**
 * A cap on RE2's program size (its measure of a regex's cost). Under ~1,000 instructions re2js
 * stays under ~50 µs per character at worst; at 2,000-3,000 a 100 KB event takes 6-10 s, and
 * the 1024-character length cap alone still allows `[a-z]{1000}` ninety times over.
 */
const MAX_REGEX_PROGRAM_SIZE = 1000;

/**
 * Viewers write these patterns and the engine runs them on its only thread, so they run on RE2
 * (linear in the event's length): a backtracking `a*a*a*a*a*a*b` would freeze every API call.
 * What RE2 refuses (backreferences, lookaround, over-large repeats) is an invalid pattern.
 */
export function compileRegex(source: string): RE2JS {
  const invalid = () => new FilterPatternError(`Invalid regex in filter pattern: '%${source}%'`);
  if (!REGEX_ALLOWED.test(source) || source.length === 0) throw invalid();
  let re: RE2JS;
  try {
    re = RE2JS.compile(source);
  } catch {
    throw invalid();
  }
  if (re.programSize() > MAX_REGEX_PROGRAM_SIZE) throw invalid();
  return re;
}

/**
 * `*` in a string value matches any run of characters; the rest is literal and anchored.
 * Matched without a regex: the first piece is a prefix, the last a suffix, and each piece
 * between goes at its leftmost place after the one before, in time linear in the text.
 */
export function globMatch(glob: string, text: string): boolean {
  if (!glob.includes("*")) return glob === text;
  const pieces = glob.split("*");
  const head = pieces[0] ?? "";
  const tail = pieces[pieces.length - 1] ?? "";
  if (text.length < head.length + tail.length) return false;
  if (!text.startsWith(head) || !text.endsWith(tail)) return false;
  const end = text.length - tail.length;
  let at = head.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i] ?? "";
    if (piece === "") continue;
    const found = text.indexOf(piece, at);
    if (found === -1 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

function matchesEquality(lit: Literal, actual: string | number | boolean): boolean {
  if (lit.kind === "regex") return typeof actual === "string" && lit.value.test(actual);
  if (lit.kind === "number") {
    if (typeof actual === "number") return actual === lit.value;
    return typeof actual === "string" && actual.trim() !== "" && Number(actual) === lit.value;
  }
  if (typeof actual === "boolean") return false;
  return globMatch(lit.value, String(actual));
}

/**
 * Compares an extracted value (a JSON field or a space-delimited field) with a literal.
 * Numeric operators need numbers on both sides; `=`/`!=` compare strings with wildcards.
 */
export function compareValue(
  actual: string | number | boolean,
  op: CompareOp,
  lit: Literal,
): boolean {
  if (op === "=") return matchesEquality(lit, actual);
  if (op === "!=") return !matchesEquality(lit, actual);
  if (lit.kind !== "number") return false;
  const n =
    typeof actual === "number"
      ? actual
      : typeof actual === "string" && actual.trim() !== ""
        ? Number(actual)
        : NaN;
  if (Number.isNaN(n)) return false;
  switch (op) {
    case ">":
      return n > lit.value;
    case "<":
      return n < lit.value;
    case ">=":
      return n >= lit.value;
    case "<=":
      return n <= lit.value;
  }
}

/** Numeric operators with a non-numeric literal are refused, as AWS refuses `{ $.a > abc }`. */
export function checkOperand(op: CompareOp, lit: Literal, context: string): void {
  if (op !== "=" && op !== "!=" && lit.kind !== "number") {
    throw new FilterPatternError(
      `Invalid filter pattern: operator '${op}' needs a numeric value in '${context}'`,
    );
  }
}

/** Reads a literal starting at `i`: "quoted", %regex%, a number, or a bare word (may hold `*`). */
export function readLiteral(
  src: string,
  i: number,
  stopChars: string,
): { lit: Literal; end: number } {
  const c = src[i];
  if (c === '"') {
    let j = i + 1;
    let out = "";
    while (j < src.length && src[j] !== '"') {
      if (src[j] === "\\" && j + 1 < src.length) j++;
      out += src[j];
      j++;
    }
    if (j >= src.length)
      throw new FilterPatternError(`Invalid filter pattern: unterminated quote in '${src}'`);
    return { lit: { kind: "string", value: out, quoted: true }, end: j + 1 };
  }
  if (c === "%") {
    const close = src.indexOf("%", i + 1);
    if (close === -1)
      throw new FilterPatternError(`Invalid filter pattern: unterminated regex in '${src}'`);
    return { lit: { kind: "regex", value: compileRegex(src.slice(i + 1, close)) }, end: close + 1 };
  }
  let j = i;
  while (j < src.length && !/\s/.test(src[j] ?? "") && !stopChars.includes(src[j] ?? "")) j++;
  const raw = src.slice(i, j);
  if (raw === "") throw new FilterPatternError(`Invalid filter pattern: missing value in '${src}'`);
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw))
    return { lit: { kind: "number", value: Number(raw), raw }, end: j };
  if (/[^A-Za-z0-9_*.:/@#\-+]/.test(raw)) throw invalidTermError(raw, /[A-Za-z0-9_*.:/@#\-+]/);
  return { lit: { kind: "string", value: raw, quoted: false }, end: j };
}

export function readOperator(src: string, i: number): { op: CompareOp; end: number } | undefined {
  const two = src.slice(i, i + 2);
  if (two === "!=" || two === ">=" || two === "<=") return { op: two, end: i + 2 };
  const one = src[i];
  if (one === "=" || one === ">" || one === "<") return { op: one, end: i + 1 };
  return undefined;
}

export function skipSpaces(src: string, i: number): number {
  while (i < src.length && /\s/.test(src[i] ?? "")) i++;
  return i;
}
