import type { Permission } from "../lib/access/permissions";

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
const LAYERS = "app/(console)/layers/actions.ts";
const CSC = "app/(console)/code-signing/actions.ts";
const FN_CSC = "app/(console)/functions/[name]/code-signing/actions.ts";
const FN_CSC_PATH = `${FN_PATH}/code-signing`;
const DB = "app/(console)/databases/actions.ts";
const FN_PROXIES = "app/(console)/functions/[name]/database-proxies/actions.ts";
const EFS = "app/(console)/file-systems/actions.ts";
const EFS_BROWSER = "/file-systems/fs-0123456789abcdef0";
const FN_URL = "app/(console)/functions/[name]/url/actions.ts";
const FN_POLICY = "app/(console)/functions/[name]/permissions/actions.ts";

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
  // Layers (issue 14).
  { file: LAYERS, name: "publishLayerAction", path: "/layers", permission: "functions.write" },
  {
    file: LAYERS,
    name: "deleteLayerVersionAction",
    path: "/layers/e2e-none",
    permission: "functions.write",
  },
  {
    file: LAYERS,
    name: "addLayerPermissionAction",
    path: "/layers/e2e-none",
    permission: "functions.write",
  },
  {
    file: LAYERS,
    name: "removeLayerPermissionAction",
    path: "/layers/e2e-none",
    permission: "functions.write",
  },
  {
    file: "app/(console)/functions/[name]/layers-actions.ts",
    name: "setFunctionLayersAction",
    path: FN_PATH,
    permission: "functions.write",
  },
  // Code signing, S3 and Signer (issue 15): profiles and configurations are an admin's.
  { file: CSC, name: "putProfileAction", path: "/code-signing", permission: "admin" },
  { file: CSC, name: "revokeProfileAction", path: "/code-signing", permission: "admin" },
  { file: CSC, name: "cancelProfileAction", path: "/code-signing", permission: "admin" },
  { file: CSC, name: "revokeSignatureAction", path: "/code-signing", permission: "admin" },
  { file: CSC, name: "createConfigAction", path: "/code-signing", permission: "admin" },
  { file: CSC, name: "updateConfigAction", path: "/code-signing", permission: "admin" },
  { file: CSC, name: "deleteConfigAction", path: "/code-signing", permission: "admin" },
  {
    file: "app/(console)/code-signing/buckets/[bucket]/actions.ts",
    name: "uploadObjectAction",
    path: "/code-signing/buckets/e2e-none",
    permission: "functions.write",
  },
  { file: FN_CSC, name: "attachConfigAction", path: FN_CSC_PATH, permission: "functions.write" },
  { file: FN_CSC, name: "detachConfigAction", path: FN_CSC_PATH, permission: "admin" },
  {
    file: FN_CSC,
    name: "uploadForSigningAction",
    path: FN_CSC_PATH,
    permission: "functions.write",
  },
  { file: FN_CSC, name: "startSigningAction", path: FN_CSC_PATH, permission: "functions.write" },
  { file: FN_CSC, name: "waitSigningAction", path: FN_CSC_PATH, permission: "functions.write" },
  { file: FN_CSC, name: "deploySignedAction", path: FN_CSC_PATH, permission: "functions.write" },
  // Databases and proxies (issue 16).
  { file: DB, name: "createDatabase", path: "/databases", permission: "functions.write" },
  { file: DB, name: "deleteDatabase", path: "/databases", permission: "functions.write" },
  { file: DB, name: "databaseStatus", path: "/databases", permission: "functions.read" },
  { file: DB, name: "createProxy", path: "/databases", permission: "functions.write" },
  { file: DB, name: "registerTarget", path: "/databases", permission: "functions.write" },
  { file: DB, name: "savePoolSettings", path: "/databases", permission: "functions.write" },
  { file: DB, name: "deleteProxy", path: "/databases", permission: "functions.write" },
  {
    file: FN_PROXIES,
    name: "connectProxy",
    path: `${FN_PATH}/database-proxies`,
    permission: "functions.write",
  },
  {
    file: FN_PROXIES,
    name: "disconnectProxy",
    path: `${FN_PATH}/database-proxies`,
    permission: "functions.write",
  },
  // EFS file systems (issue 17).
  {
    file: EFS,
    name: "createFileSystemAction",
    path: "/file-systems",
    permission: "functions.write",
  },
  {
    file: EFS,
    name: "deleteFileSystemAction",
    path: "/file-systems",
    permission: "functions.write",
  },
  {
    file: EFS,
    name: "createAccessPointAction",
    path: "/file-systems",
    permission: "functions.write",
  },
  {
    file: EFS,
    name: "deleteAccessPointAction",
    path: "/file-systems",
    permission: "functions.write",
  },
  { file: EFS, name: "setFunctionFileSystemAction", path: FN_PATH, permission: "functions.write" },
  { file: EFS, name: "makeFolderAction", path: EFS_BROWSER, permission: "functions.write" },
  { file: EFS, name: "deleteEntryAction", path: EFS_BROWSER, permission: "functions.write" },
  // Function URLs and resource policies (issue 21).
  { file: FN_URL, name: "saveUrl", path: `${FN_PATH}/url`, permission: "functions.write" },
  { file: FN_URL, name: "removeUrl", path: `${FN_PATH}/url`, permission: "functions.write" },
  { file: FN_URL, name: "tryUrl", path: `${FN_PATH}/url`, permission: "functions.invoke" },
  // Monitoring and operations tools: LoggingConfig (issue 21).
  {
    file: "app/(console)/functions/[name]/monitoring/actions.ts",
    name: "saveLoggingConfig",
    path: `${FN_PATH}/monitoring`,
    permission: "functions.write",
  },
  {
    file: "app/(console)/functions/[name]/monitoring/actions.ts",
    name: "saveTracing",
    path: `${FN_PATH}/monitoring`,
    permission: "functions.write",
  },
  {
    file: FN_POLICY,
    name: "addStatement",
    path: `${FN_PATH}/permissions`,
    permission: "functions.write",
  },
  {
    file: FN_POLICY,
    name: "removeStatement",
    path: `${FN_PATH}/permissions`,
    permission: "functions.write",
  },
  // Public by design: signing in and out needs no role.
  { file: "lib/actions/auth-actions.ts", name: "signInAction", path: "/login", permission: null },
  { file: "lib/actions/auth-actions.ts", name: "signOutAction", path: "/login", permission: null },
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
  {
    file: "app/(console)/code-signing/buckets/[bucket]/download/route.ts",
    method: "GET",
    url: "/code-signing/buckets/e2e-none/download?key=e2e-none.zip",
    permission: "functions.read",
  },
  {
    file: "app/(console)/file-systems/[id]/files/route.ts",
    method: "GET",
    url: "/file-systems/fs-0123456789abcdef0/files?path=/e2e-none",
    permission: "functions.read",
  },
  {
    file: "app/(console)/file-systems/[id]/files/route.ts",
    method: "POST",
    url: "/file-systems/fs-0123456789abcdef0/files?dir=/&name=e2e-none",
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
