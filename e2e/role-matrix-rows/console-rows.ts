import type { ActionRow } from "./shared";

/** The role matrix's rows for the console's own pages: targets, access, users, logs, functions. */
export const CONSOLE_ACTION_ROWS: readonly ActionRow[] = [
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
];
