import type { Permission } from "../lib/auth/permissions";

/**
 * The role matrix (issue 13): one row per server action and per route handler method. The e2e
 * spec (role-matrix.spec.ts) posts to each as every role; lib/actions/role-matrix.test.ts fails
 * when an action or handler in app/ has no row here, or a row's permission differs from the code.
 *
 * Adding a server action or route handler? Add its row here (the page path is one that hosts it).
 */
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

const FN = "app/(console)/functions/[name]/actions.ts";
const CONC = "app/(console)/functions/[name]/concurrency/actions.ts";
const FN_PATH = "/functions/e2e-none";

export const ACTION_ROWS: readonly ActionRow[] = [
  {
    file: "app/(console)/actions.ts",
    name: "switchTarget",
    path: "/",
    permission: "functions.read",
  },
  {
    file: "app/(console)/access/actions.ts",
    name: "unlockSignIn",
    path: "/access",
    permission: "admin",
  },
  { file: "app/(console)/users/actions.ts", name: "addUser", path: "/users", permission: "admin" },
  {
    file: "app/(console)/users/actions.ts",
    name: "removeUser",
    path: "/users",
    permission: "admin",
  },
  {
    file: "app/(console)/users/actions.ts",
    name: "setUserGroups",
    path: "/users",
    permission: "admin",
  },
  {
    file: "app/(console)/users/actions.ts",
    name: "resetPassword",
    path: "/users",
    permission: "admin",
  },
  {
    file: "app/(console)/logs/actions.ts",
    name: "loadLogsAction",
    path: "/logs",
    permission: "logs.read",
  },
  {
    file: "app/(console)/functions/actions.ts",
    name: "bulkDeleteFunctions",
    path: "/functions",
    permission: "functions.write",
  },
  {
    file: "app/(console)/functions/actions.ts",
    name: "bulkPublishVersions",
    path: "/functions",
    permission: "functions.write",
  },
  {
    file: "app/(console)/functions/actions.ts",
    name: "bulkTagFunctions",
    path: "/functions",
    permission: "functions.write",
  },
  {
    file: "app/(console)/functions/new/actions.ts",
    name: "createFunctionAction",
    path: "/functions/new",
    permission: "functions.write",
  },
  {
    file: "app/(console)/functions/new/image/actions.ts",
    name: "createImageFunctionAction",
    path: "/functions/new/image",
    permission: "functions.write",
  },
  {
    file: "app/(console)/blueprints/actions.ts",
    name: "createFunctionFromBlueprint",
    path: "/blueprints",
    permission: "functions.write",
  },
  {
    file: "app/(console)/blueprints/actions.ts",
    name: "invokeWithTestEvent",
    path: "/blueprints",
    permission: "functions.invoke",
  },
  { file: FN, name: "deployCodeAction", path: FN_PATH, permission: "functions.write" },
  { file: FN, name: "uploadZipAction", path: FN_PATH, permission: "functions.write" },
  { file: FN, name: "updateRuntimeSettingsAction", path: FN_PATH, permission: "functions.write" },
  { file: FN, name: "updateGeneralAction", path: FN_PATH, permission: "functions.write" },
  { file: FN, name: "updateEnvironmentAction", path: FN_PATH, permission: "functions.write" },
  { file: FN, name: "updateTagsAction", path: FN_PATH, permission: "functions.write" },
  { file: FN, name: "invokeAction", path: FN_PATH, permission: "functions.invoke" },
  { file: FN, name: "saveTestEventAction", path: FN_PATH, permission: "functions.invoke" },
  { file: FN, name: "deleteTestEventAction", path: FN_PATH, permission: "functions.invoke" },
  { file: FN, name: "publishVersionAction", path: FN_PATH, permission: "functions.write" },
  { file: FN, name: "saveAliasAction", path: FN_PATH, permission: "functions.write" },
  { file: FN, name: "deleteAliasAction", path: FN_PATH, permission: "functions.write" },
  {
    file: "app/(console)/functions/[name]/image/actions.ts",
    name: "deployImageAction",
    path: `${FN_PATH}/image`,
    permission: "functions.write",
  },
  {
    file: CONC,
    name: "setReservedConcurrency",
    path: `${FN_PATH}/concurrency`,
    permission: "concurrency.write",
  },
  {
    file: CONC,
    name: "removeReservedConcurrency",
    path: `${FN_PATH}/concurrency`,
    permission: "concurrency.write",
  },
  {
    file: CONC,
    name: "setProvisionedConcurrency",
    path: `${FN_PATH}/concurrency`,
    permission: "concurrency.write",
  },
  {
    file: CONC,
    name: "removeProvisionedConcurrency",
    path: `${FN_PATH}/concurrency`,
    permission: "concurrency.write",
  },
  {
    file: CONC,
    name: "saveAsyncConfig",
    path: `${FN_PATH}/concurrency`,
    permission: "functions.write",
  },
  {
    file: CONC,
    name: "resetAsyncConfig",
    path: `${FN_PATH}/concurrency`,
    permission: "functions.write",
  },
  // Public by design: signing in and out needs no role.
  { file: "lib/auth/auth-actions.ts", name: "signInAction", path: "/login", permission: null },
  { file: "lib/auth/auth-actions.ts", name: "signOutAction", path: "/login", permission: null },
];

export const ROUTE_ROWS: readonly RouteRow[] = [
  {
    file: "app/(console)/functions/list.json/route.ts",
    method: "GET",
    url: "/functions/list.json",
    permission: "functions.read",
  },
  {
    file: "app/(console)/functions/extras.json/route.ts",
    method: "GET",
    url: "/functions/extras.json?name=e2e-none",
    permission: "functions.read",
  },
  {
    file: "app/(console)/images/upload/route.ts",
    method: "POST",
    url: "/images/upload",
    permission: "functions.write",
  },
  // Public by design: probes, and Auth.js's own endpoints.
  { file: "app/health/route.ts", method: "GET", url: "/health", permission: null },
  {
    file: "app/api/auth/[...nextauth]/route.ts",
    method: "GET",
    url: "/api/auth/session",
    permission: null,
  },
  {
    file: "app/api/auth/[...nextauth]/route.ts",
    method: "POST",
    url: "/api/auth/signout",
    permission: null,
  },
];
