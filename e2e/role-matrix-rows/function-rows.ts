import { FN_PATH, type ActionRow } from "./shared";

const FN = "app/(console)/functions/[name]/actions.ts";
const CONC = "app/(console)/functions/[name]/concurrency/actions.ts";

/** The role matrix's rows for a function's page: code, settings, invoke, versions, concurrency. */
export const FUNCTION_ACTION_ROWS: readonly ActionRow[] = [
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
];
