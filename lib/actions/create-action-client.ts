import { z } from "zod";
import { checkPermission, PermissionError } from "../auth/guard";
import type { Permission } from "../access/permissions";
import type { Session } from "../auth/session";
import { AwsFailure } from "../aws/errors";
import { checkProductionConfirmation } from "./production-guard";

export type FieldErrors = Record<string, string[]>;

export type ActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      message: string;
      fieldErrors?: FieldErrors;
      /** Production guard: the text to type as `confirmation` before this action runs. */
      confirm?: { expected: string };
    };

export type ActionInput = FormData | Record<string, unknown>;

/** What the wrapper reports for the audit log (issue 6): refusals always, outcomes of mutations. */
export interface ActionAuditEvent {
  action: string;
  permission: Permission;
  session: Session | null;
  resource: string | null;
  result: "ok" | "refused" | "error";
  message: string | null;
}

export interface ActionDeps {
  /** The session, with the role on `targetId` (default: the target chosen in this browser). */
  authenticate: (targetId?: string) => Promise<Session | null>;
  revalidate: (path: string) => void;
  audit?: (event: ActionAuditEvent) => void | Promise<void>;
}

// Read-only permissions: actions behind them (e.g. switching the target) are not mutations.
const READ_PERMISSIONS: readonly Permission[] = ["functions.read", "logs.read"];

export interface ActionDefinition<S extends z.ZodType, T> {
  permission: Permission;
  /** The name in the audit log, e.g. "functions.delete" (default: the permission). */
  name?: string;
  /** Record ok/error outcomes in the audit log (default: when the permission is not read-only). */
  audit?: boolean;
  /** What the action acts on, for the audit log (default: the input's functionName or name). */
  resource?: (input: Record<string, unknown>) => string | undefined;
  /**
   * The target the action acts on, when it is not the one chosen in the browser (switching the
   * target checks the role on the new one). The role is checked on this target.
   */
  target?: (input: Record<string, unknown>) => string | undefined;
  schema: S;
  /**
   * Production guard (production-guard.ts): the function names this input would delete, replace or
   * make unavailable (null: harmless input). On a production target they must be typed as
   * `confirmation`.
   */
  confirmOnProduction?: (input: z.output<S>) => readonly string[] | null;
  /** What the confirmation names when not functions, e.g. "the layer version" (the message's words). */
  confirmWhat?: string;
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

function defaultResource(input: Record<string, unknown>): string | undefined {
  for (const key of ["functionName", "FunctionName", "name", "resource"]) {
    const v = input[key];
    if (typeof v === "string" && v !== "") return v;
  }
  return undefined;
}

/** Next's redirect()/notFound() are thrown control flow, not failures. */
function isNavigationSignal(err: unknown): boolean {
  const digest =
    typeof err === "object" && err !== null ? (err as { digest?: unknown }).digest : undefined;
  return (
    typeof digest === "string" &&
    (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR"))
  );
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
    const name = def.name ?? def.permission;
    const audited = def.audit ?? !READ_PERMISSIONS.includes(def.permission);
    return async function action(input: ActionInput): Promise<ActionResult<T>> {
      const raw = input instanceof FormData ? formDataToObject(input) : input;
      const resource = (def.resource ?? defaultResource)(raw) ?? null;
      const report = async (
        event: Omit<ActionAuditEvent, "action" | "permission" | "resource">,
      ) => {
        await deps.audit?.({ action: name, permission: def.permission, resource, ...event });
      };

      const who = await deps.authenticate(def.target?.(raw));
      let session: Session;
      try {
        session = checkPermission(who, def.permission);
      } catch (err) {
        if (err instanceof PermissionError) {
          await report({ session: who, result: "refused", message: err.message });
          return { ok: false, message: err.message };
        }
        throw err;
      }

      const parsed = def.schema.safeParse(raw);
      if (!parsed.success) {
        return {
          ok: false,
          message: "Some fields need attention.",
          fieldErrors: toFieldErrors(parsed.error),
        };
      }

      if (def.confirmOnProduction) {
        const needed = checkProductionConfirmation(
          session.targetEnvironment,
          def.confirmOnProduction(parsed.data),
          raw.confirmation,
          def.confirmWhat,
        );
        if (needed) {
          await report({ session, result: "refused", message: needed.message });
          return {
            ok: false,
            message: needed.message,
            fieldErrors: { confirmation: [needed.message] },
            confirm: { expected: needed.expected },
          };
        }
      }
      let data: T;
      try {
        data = await def.run(parsed.data, { session });
      } catch (err) {
        if (isNavigationSignal(err)) {
          if (audited) await report({ session, result: "ok", message: null });
          throw err;
        }
        // Expected failures go back to the form; anything else reaches the segment's error.tsx.
        if (err instanceof AwsFailure || err instanceof PermissionError) {
          const refused = err instanceof PermissionError;
          if (audited || refused)
            await report({ session, result: refused ? "refused" : "error", message: err.message });
          return { ok: false, message: err.message };
        }
        if (audited)
          await report({
            session,
            result: "error",
            message: err instanceof Error ? err.message : String(err),
          });
        throw err;
      }
      if (audited) await report({ session, result: "ok", message: null });

      const paths = typeof def.revalidate === "function" ? def.revalidate(data) : def.revalidate;
      for (const path of paths ?? []) deps.revalidate(path);
      return { ok: true, data };
    };
  };
}
