import type { Permission } from "../../lib/access/permissions";

/** What the role matrix's row files share: the row shapes, and the function page rows post to. */
export interface ActionRow {
  /** The "use server" file, relative to the repository root. */
  file: string;
  /** The exported action. */
  name: string;
  /** A page that hosts the action (server actions are posted to a page). */
  path: string;
  /** null: public by design (sign-in, sign-out). */
  permission: Permission | null;
}

export interface RouteRow {
  /** The route.ts file, relative to the repository root. */
  file: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** A URL that reaches it. */
  url: string;
  permission: Permission | null;
}

export const FN_PATH = "/functions/e2e-none";
