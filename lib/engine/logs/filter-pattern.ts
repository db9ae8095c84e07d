import { evaluateJson, jsonRequiredSubstrings, parseJsonPattern } from "./filter-json";
import { matchSpacePattern, parseSpacePattern } from "./filter-space";
import { FilterPatternError, compileRegex, invalidTermError } from "./filter-values";

export { FilterPatternError } from "./filter-values";

/**
 * The CloudWatch Logs filter pattern language (FilterLogEvents, Live Tail, metric filters):
 * terms, "quoted phrases", ?OR, -exclude, %regex%, JSON `{ ... }` and space-delimited `[ ... ]`.
 */
export interface CompiledFilterPattern {
  match(message: string): boolean;
  /** Case-sensitive substrings every matching message contains: pushed into SQL as a prefilter. */
  requiredSubstrings: string[];
}

type TermMatcher = (message: string) => boolean;

interface TextTerm {
  mode: "all" | "any" | "exclude";
  test: TermMatcher;
  literal?: string;
}

// Unquoted terms hold letters, digits and underscores only; anything else must be in quotes
// (AWS refuses `Status:` with "Invalid character(s) in term ':'").
const BARE_CHAR = /[A-Za-z0-9_]/;
const BARE_TERM = /^[A-Za-z0-9_]+$/;

function readTextTerms(src: string): TextTerm[] {
  const terms: TextTerm[] = [];
  let i = 0;
  while (i < src.length) {
    while (i < src.length && /\s/.test(src[i] ?? "")) i++;
    if (i >= src.length) break;
    let mode: TextTerm["mode"] = "all";
    if (src[i] === "?") {
      mode = "any";
      i++;
    } else if (src[i] === "-" && i + 1 < src.length && !/\s/.test(src[i + 1] ?? "")) {
      mode = "exclude";
      i++;
    }
    const c = src[i];
    if (c === '"') {
      let j = i + 1;
      let phrase = "";
      while (j < src.length && src[j] !== '"') {
        if (src[j] === "\\" && j + 1 < src.length) j++;
        phrase += src[j];
        j++;
      }
      if (j >= src.length)
        throw new FilterPatternError(`Invalid character(s) in term '${src.slice(i)}'`);
      terms.push({ mode, test: (m) => m.includes(phrase), literal: phrase });
      i = j + 1;
      continue;
    }
    if (c === "%") {
      const close = src.indexOf("%", i + 1);
      if (close === -1)
        throw new FilterPatternError(`Invalid character(s) in term '${src.slice(i)}'`);
      const re = compileRegex(src.slice(i + 1, close));
      terms.push({ mode, test: (m) => re.test(m) });
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < src.length && !/\s/.test(src[j] ?? "")) j++;
    const word = src.slice(i, j);
    if (word === "")
      throw new FilterPatternError(`Invalid character(s) in term '${src[i - 1] ?? ""}'`);
    if (!BARE_TERM.test(word)) throw invalidTermError(word, BARE_CHAR);
    terms.push({ mode, test: (m) => m.includes(word), literal: word });
    i = j;
  }
  return terms;
}

function compileText(src: string): CompiledFilterPattern {
  const terms = readTextTerms(src);
  const all = terms.filter((t) => t.mode === "all");
  const any = terms.filter((t) => t.mode === "any");
  const exclude = terms.filter((t) => t.mode === "exclude");
  return {
    match: (m) =>
      all.every((t) => t.test(m)) &&
      (any.length === 0 || any.some((t) => t.test(m))) &&
      !exclude.some((t) => t.test(m)),
    requiredSubstrings: all.flatMap((t) =>
      t.literal !== undefined && t.literal !== "" ? [t.literal] : [],
    ),
  };
}

function parseJsonMessage(message: string): unknown {
  const start = message.trimStart()[0];
  if (start !== "{" && start !== "[") return undefined;
  try {
    return JSON.parse(message);
  } catch {
    return undefined;
  }
}

/** The CloudWatch Logs model's FilterPattern: at most 1024 characters. */
export const MAX_FILTER_PATTERN_LENGTH = 1024;

/** Counted as the service model counts length: characters (code points), not UTF-16 units. */
export function isFilterPatternTooLong(pattern: string): boolean {
  // A code point is one or two UTF-16 units: only lengths in between need counting.
  if (pattern.length <= MAX_FILTER_PATTERN_LENGTH) return false;
  if (pattern.length > 2 * MAX_FILTER_PATTERN_LENGTH) return true;
  return [...pattern].length > MAX_FILTER_PATTERN_LENGTH;
}

/** Parses a pattern once; throws FilterPatternError for anything CloudWatch Logs would refuse. */
export function compileFilterPattern(pattern: string | undefined): CompiledFilterPattern {
  if (pattern !== undefined && isFilterPatternTooLong(pattern)) {
    // Bounds the parse and the work per event; the API layer answers with the model's wording first.
    throw new FilterPatternError(
      `Invalid filter pattern: longer than ${MAX_FILTER_PATTERN_LENGTH} characters`,
    );
  }
  const src = (pattern ?? "").trim();
  if (src === "") return { match: () => true, requiredSubstrings: [] };
  if (src.startsWith("{")) {
    const expr = parseJsonPattern(src);
    return {
      match: (m) => {
        const doc = parseJsonMessage(m);
        return doc !== undefined && evaluateJson(expr, doc);
      },
      requiredSubstrings: jsonRequiredSubstrings(expr),
    };
  }
  if (src.startsWith("[")) {
    const space = parseSpacePattern(src);
    return { match: (m) => matchSpacePattern(space, m), requiredSubstrings: [] };
  }
  return compileText(src);
}
