import { CONSOLE_ACTION_ROWS } from "./role-matrix-rows/console-rows";
import { FUNCTION_ACTION_ROWS } from "./role-matrix-rows/function-rows";
import { RESOURCE_ACTION_ROWS } from "./role-matrix-rows/resource-rows";
import { FN_PATH, type ActionRow, type RouteRow } from "./role-matrix-rows/shared";

/**
 * The role matrix (issue 13): one row per server action and per route handler method. The e2e
 * spec (role-matrix.spec.ts) posts to each as every role; lib/actions/role-matrix.test.ts fails
 * when an action or handler in app/ has no row here, or a row's permission differs from the code.
 *
 * Adding a server action or route handler? Add its row here (the page path is one that hosts it).
 * The rows of earlier areas are in role-matrix-rows/ (console, function page, resources).
 */

const FN_URL = "app/(console)/functions/[name]/url/actions.ts";
const FN_POLICY = "app/(console)/functions/[name]/permissions/actions.ts";

export const ACTION_ROWS: readonly ActionRow[] = [
  ...CONSOLE_ACTION_ROWS,
  ...FUNCTION_ACTION_ROWS,
  ...RESOURCE_ACTION_ROWS,
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
