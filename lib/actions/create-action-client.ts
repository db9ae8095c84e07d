import { z } from "zod";
import { checkPermission, PermissionError } from "../auth/guard";
import type { Permission } from "../auth/permissions";
import type { Session } from "../auth/session";
import { AwsFailure } from "../aws/errors";

export type FieldErrors = Record<string, string[]>;

export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; message: string; fieldErrors?: FieldErrors };

export type ActionInput = FormData | Record<string, unknown>;

export interface ActionDeps {
  authenticate: () => Promise<Session | null>;
  revalidate: (path: string) => void;
}

export interface ActionDefinition<S extends z.ZodType, T> {
  permission: Permission;
  schema: S;
  run: (input: z.output<S>, ctx: { session: Session }) => Promise<T>;
  /** Paths to revalidate after a successful call (literal paths). */
  revalidate?: readonly string[] | ((data: T) => readonly string[]);
}

/** FormData → plain object; a repeated key becomes an array, as checkboxes and multi-selects need. */
export function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    // React adds $ACTION_* fields to progressively enhanced forms; they are not user input.
    if (key.startsWith("$ACTION_")) continue;
    const values = form.getAll(key);
    out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}

function toFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join(".") : "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/**
 * Builds the one server-action wrapper: authenticate → permission → zod → call → revalidate →
 * result. Dependencies are injected so tests can run it outside Next with any session.
 */
export function createActionClient(deps: ActionDeps) {
  return function defineAction<S extends z.ZodType, T>(def: ActionDefinition<S, T>) {
    return async function action(input: ActionInput): Promise<ActionResult<T>> {
      let session: Session;
      try {
        session = checkPermission(await deps.authenticate(), def.permission);
      } catch (err) {
        if (err instanceof PermissionError) return { ok: false, message: err.message };
        throw err;
      }

      const raw = input instanceof FormData ? formDataToObject(input) : input;
      const parsed = def.schema.safeParse(raw);
      if (!parsed.success) {
        return {
          ok: false,
          message: "Some fields need attention.",
          fieldErrors: toFieldErrors(parsed.error),
        };
      }

      let data: T;
      try {
        data = await def.run(parsed.data, { session });
      } catch (err) {
        // Expected failures go back to the form; anything else reaches the segment's error.tsx.
        if (err instanceof AwsFailure || err instanceof PermissionError) {
          return { ok: false, message: err.message };
        }
        throw err;
      }

      const paths = typeof def.revalidate === "function" ? def.revalidate(data) : def.revalidate;
      for (const path of paths ?? []) deps.revalidate(path);
      return { ok: true, data };
    };
  };
}
