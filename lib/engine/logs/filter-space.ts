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

/** Space-delimited patterns: `[ip, user, ..., status = 4* || status = 5*, size > 100]`. */

interface Condition {
  field: string;
  op: CompareOp;
  lit: Literal;
}

/** One slot: `...` (any number of fields) or a named field with conditions as OR of ANDs. */
type Slot = { kind: "ellipsis" } | { kind: "field"; name: string; anyOf: Condition[][] };

export interface SpacePattern {
  slots: Slot[];
}

export function parseSpacePattern(src: string): SpacePattern {
  const fail = () => new FilterPatternError(`Invalid filter pattern: '${src.trim()}'`);
  let i = skipSpaces(src, 0);
  if (src[i] !== "[") throw fail();
  i++;
  const slots: Slot[] = [];
  for (;;) {
    i = skipSpaces(src, i);
    if (src.startsWith("...", i)) {
      slots.push({ kind: "ellipsis" });
      i += 3;
    } else {
      const name = /^[A-Za-z0-9_$]+/.exec(src.slice(i))?.[0];
      if (!name) throw fail();
      const anyOf: Condition[][] = [];
      let group: Condition[] = [];
      let cursor = skipSpaces(src, i + name.length);
      let field = name;
      i = cursor;
      while (readOperator(src, cursor)) {
        const op = readOperator(src, cursor);
        if (!op) break;
        cursor = skipSpaces(src, op.end);
        const { lit, end } = readLiteral(src, cursor, ",]&|");
        checkOperand(op.op, lit, src.trim());
        group.push({ field, op: op.op, lit });
        cursor = skipSpaces(src, end);
        i = cursor;
        const joiner = src.slice(cursor, cursor + 2);
        if (joiner !== "&&" && joiner !== "||") break;
        if (joiner === "||") {
          anyOf.push(group);
          group = [];
        }
        cursor = skipSpaces(src, cursor + 2);
        const next = /^[A-Za-z0-9_$]+/.exec(src.slice(cursor))?.[0];
        if (!next) throw fail();
        field = next;
        cursor = skipSpaces(src, cursor + next.length);
      }
      if (group.length > 0) anyOf.push(group);
      slots.push({ kind: "field", name, anyOf });
    }
    i = skipSpaces(src, i);
    if (src[i] === ",") {
      i++;
      continue;
    }
    if (src[i] === "]") {
      i++;
      break;
    }
    throw fail();
  }
  if (skipSpaces(src, i) !== src.length) throw fail();
  return { slots };
}

/** Splits a message into fields: whitespace separates; "quoted" and [bracketed] runs are one field. */
export function splitFields(message: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < message.length) {
    i = skipSpaces(message, i);
    if (i >= message.length) break;
    const c = message[i];
    const close = c === '"' ? '"' : c === "[" ? "]" : undefined;
    if (close !== undefined) {
      const end = message.indexOf(close, i + 1);
      if (end !== -1) {
        out.push(message.slice(i + 1, end));
        i = end + 1;
        continue;
      }
    }
    let j = i;
    while (j < message.length && !/\s/.test(message[j] ?? "")) j++;
    out.push(message.slice(i, j));
    i = j;
  }
  return out;
}

function conditionsHold(slots: Slot[], values: Map<string, string>): boolean {
  for (const slot of slots) {
    if (slot.kind !== "field" || slot.anyOf.length === 0) continue;
    const ok = slot.anyOf.some((group) =>
      group.every((c) => {
        const v = values.get(c.field);
        return v !== undefined && compareValue(v, c.op, c.lit);
      }),
    );
    if (!ok) return false;
  }
  return true;
}

/** Positional match with backtracking over `...`; conditions are checked once fields are bound. */
export function matchSpacePattern(pattern: SpacePattern, message: string): boolean {
  const fields = splitFields(message);
  const { slots } = pattern;
  const values = new Map<string, string>();
  const walk = (s: number, f: number): boolean => {
    if (s === slots.length) return f === fields.length && conditionsHold(slots, values);
    const slot = slots[s];
    if (!slot) return false;
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
