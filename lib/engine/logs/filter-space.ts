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
type Slot = { kind: "ellipsis" } | FieldSlot;
type FieldSlot = { kind: "field"; name: string; anyOf: Condition[][] };

/**
 * The field slots between `...`s form segments. Without `...` there is one segment; with them
 * the first is pinned to the message's start, the last to its end, and those between float.
 */
export interface SpacePattern {
  slots: Slot[];
  segments: FieldSlot[][];
  hasEllipsis: boolean;
  /** Where each name's value comes from: the last field slot with that name. */
  binding: Map<string, { segment: number; offset: number }>;
  /** Slots whose conditions read only pinned segments: checked once per message. */
  pinnedChecks: FieldSlot[];
  /** Per floating segment, the slots whose conditions read it (and pinned ones). */
  floatingChecks: Map<number, FieldSlot[]>;
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
  return planSpacePattern(slots, fail);
}

/**
 * Groups the slots into segments and each slot's conditions under the one floating segment they
 * read. Conditions reading two floating segments would need every placement of both tried
 * (exponential in the number of `...`): such patterns are refused.
 */
function planSpacePattern(slots: Slot[], fail: () => FilterPatternError): SpacePattern {
  const segments: FieldSlot[][] = [[]];
  const binding = new Map<string, { segment: number; offset: number }>();
  for (const slot of slots) {
    if (slot.kind === "ellipsis") {
      segments.push([]);
      continue;
    }
    const segment = segments.length - 1;
    const current = segments[segment] ?? [];
    binding.set(slot.name, { segment, offset: current.length });
    current.push(slot);
  }
  const last = segments.length - 1;
  const floating = (segment: number) => segment > 0 && segment < last;
  const pinnedChecks: FieldSlot[] = [];
  const floatingChecks = new Map<number, FieldSlot[]>();
  for (const slot of segments.flat()) {
    if (slot.anyOf.length === 0) continue;
    const read = new Set<number>();
    for (const c of slot.anyOf.flat()) {
      const at = binding.get(c.field);
      if (at && floating(at.segment)) read.add(at.segment);
    }
    if (read.size > 1) throw fail();
    const [segment] = read;
    if (segment === undefined) pinnedChecks.push(slot);
    else floatingChecks.set(segment, [...(floatingChecks.get(segment) ?? []), slot]);
  }
  return { slots, segments, hasEllipsis: last > 0, binding, pinnedChecks, floatingChecks };
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

/**
 * Matches in time linear in the fields times the slots: pinned segments have fixed places, and
 * each floating segment takes its leftmost place after the one before where its conditions hold
 * (a later place never helps the segments after it).
 */
export function matchSpacePattern(pattern: SpacePattern, message: string): boolean {
  const fields = splitFields(message);
  const { segments, binding } = pattern;
  const last = segments.length - 1;
  const width = segments.reduce((n, seg) => n + seg.length, 0);
  if (pattern.hasEllipsis ? fields.length < width : fields.length !== width) return false;
  const starts = segments.map(() => 0);
  starts[last] = fields.length - (segments[last]?.length ?? 0);

  const valueOf = (name: string): string | undefined => {
    const at = binding.get(name);
    return at ? fields[(starts[at.segment] ?? 0) + at.offset] : undefined;
  };
  const hold = (checks: FieldSlot[] | undefined): boolean =>
    (checks ?? []).every((slot) =>
      slot.anyOf.some((group) =>
        group.every((c) => {
          const v = valueOf(c.field);
          return v !== undefined && compareValue(v, c.op, c.lit);
        }),
      ),
    );

  if (!hold(pattern.pinnedChecks)) return false;
  let next = segments[0]?.length ?? 0;
  const limit = starts[last] ?? 0;
  for (let s = 1; s < last; s++) {
    const size = segments[s]?.length ?? 0;
    const checks = pattern.floatingChecks.get(s);
    let placed = false;
    for (let at = next; at + size <= limit; at++) {
      starts[s] = at;
      if (hold(checks)) {
        placed = true;
        break;
      }
    }
    if (!placed) return false;
    next = (starts[s] ?? 0) + size;
  }
  return true;
}
