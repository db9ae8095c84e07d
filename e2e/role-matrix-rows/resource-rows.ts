import { FN_PATH, type ActionRow } from "./shared";

const LAYERS = "app/(console)/layers/actions.ts";
const CSC = "app/(console)/code-signing/actions.ts";
const FN_CSC = "app/(console)/functions/[name]/code-signing/actions.ts";
const FN_CSC_PATH = `${FN_PATH}/code-signing`;
const DB = "app/(console)/databases/actions.ts";
const FN_PROXIES = "app/(console)/functions/[name]/database-proxies/actions.ts";
const EFS = "app/(console)/file-systems/actions.ts";
const EFS_BROWSER = "/file-systems/fs-0123456789abcdef0";

/** The role matrix's rows for layers, code signing, databases and EFS file systems. */
export const RESOURCE_ACTION_ROWS: readonly ActionRow[] = [
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
];
