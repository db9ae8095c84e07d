/**
 * Collects model-constraint violations the way AWS's request validation reports them: every
 * violation of a request in one ValidationException, "N validation error(s) detected: …; …".
 */
export interface Violation {
  value: unknown;
  field: string;
  constraint: string;
}

/** How AWS shows a value: strings as-is, lists as [a, b], null unquoted (see message()). */
function shown(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(shown).join(", ")}]`;
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? String(value);
}

export function violationText(v: Violation): string {
  const value = v.value === null ? "null" : `'${shown(v.value)}'`;
  return `Value ${value} at '${v.field}' failed to satisfy constraint: ${v.constraint}`;
}

export class Violations {
  readonly list: Violation[] = [];

  add(value: unknown, field: string, constraint: string): this {
    this.list.push({ value, field, constraint });
    return this;
  }

  /** Length before pattern, as AWS reports a value that breaks both. */
  text(
    value: string,
    field: string,
    rule: { min?: number; max?: number; pattern?: string; re?: RegExp },
  ): this {
    if (rule.max !== undefined && value.length > rule.max)
      this.add(value, field, `Member must have length less than or equal to ${rule.max}`);
    if (rule.min !== undefined && value.length < rule.min)
      this.add(value, field, `Member must have length greater than or equal to ${rule.min}`);
    const re =
      rule.re ?? (rule.pattern !== undefined ? new RegExp(`^(?:${rule.pattern})$`) : undefined);
    if (rule.pattern !== undefined && re && !re.test(value))
      this.add(value, field, `Member must satisfy regular expression pattern: ${rule.pattern}`);
    return this;
  }

  range(value: number, field: string, r: { min: number; max: number }): this {
    if (value < r.min)
      this.add(value, field, `Member must have value greater than or equal to ${r.min}`);
    else if (value > r.max)
      this.add(value, field, `Member must have value less than or equal to ${r.max}`);
    return this;
  }

  enumOf(value: string, field: string, allowed: readonly string[]): this {
    if (!allowed.includes(value))
      this.add(value, field, `Member must satisfy enum value set: [${allowed.join(", ")}]`);
    return this;
  }

  get empty(): boolean {
    return this.list.length === 0;
  }

  /** AWS's message, or undefined when nothing was violated. */
  message(): string | undefined {
    const n = this.list.length;
    if (n === 0) return undefined;
    const head = n === 1 ? "1 validation error detected: " : `${n} validation errors detected: `;
    return head + this.list.map(violationText).join("; ");
  }
}
