import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  loadCatalog,
  type Blueprint,
  type BlueprintError,
  type Catalog,
  type LoadedBlueprint,
} from "./loader";
import { zipCodeDir } from "./zip";

export type { Blueprint, BlueprintError } from "./loader";
export { blueprintManifestSchema } from "./manifest";
export { matchExpected } from "./expected";
export * from "./features";
export * from "./use-cases";

/** Where settings come from: process.env by default; tests pass their own. */
export type EnvLike = Readonly<Record<string, string | undefined>>;

/** Env var naming a folder where teams drop their own blueprints (one sub-folder each). */
export const BLUEPRINTS_DIR_ENV = "LAMBDA_CONSOLE_BLUEPRINTS_DIR";

/** The shipped catalog: next to this file under tsx/vitest, under the project root when bundled. */
export function builtinCatalogDir(): string {
  // turbopackIgnore: these are runtime paths; without it the bundler traces the whole tree.
  const candidates = [
    path.resolve(/* turbopackIgnore: true */ process.cwd(), "lib/blueprints/catalog"),
  ];
  try {
    candidates.unshift(path.join(path.dirname(fileURLToPath(import.meta.url)), "catalog"));
  } catch {
    // bundlers may rewrite import.meta.url to something that is not a file URL
  }
  return (
    candidates.find((d) => fs.existsSync(path.join(d, "hello-world-nodejs"))) ??
    candidates[candidates.length - 1] ??
    "catalog"
  );
}

/** Read on every call (a few dozen small files) so a dropped-in folder shows up without a restart. */
function currentCatalog(env: EnvLike = process.env): Catalog {
  const custom = env[BLUEPRINTS_DIR_ENV];
  return loadCatalog({
    builtin: builtinCatalogDir(),
    custom: custom ? path.resolve(/* turbopackIgnore: true */ custom) : undefined,
  });
}

export function listBlueprints(env?: EnvLike): Blueprint[] {
  return currentCatalog(env).blueprints.map((b) => b.blueprint);
}

/** Malformed folders (built-in or custom), each with its problems; they are left out of listBlueprints. */
export function listBlueprintErrors(env?: EnvLike): BlueprintError[] {
  return currentCatalog(env).errors;
}

function findLoaded(id: string, env?: EnvLike): LoadedBlueprint | undefined {
  return currentCatalog(env).blueprints.find((b) => b.blueprint.id === id);
}

export function getBlueprint(id: string, env?: EnvLike): Blueprint | undefined {
  return findLoaded(id, env)?.blueprint;
}

export interface BlueprintSourceFile {
  path: string;
  content: string;
  executable: boolean;
}

/** The code files as text, for the gallery's preview. Undefined when the id is unknown. */
export function readBlueprintFiles(id: string, env?: EnvLike): BlueprintSourceFile[] | undefined {
  const found = findLoaded(id, env);
  if (!found) return undefined;
  return found.blueprint.files.map((f) => ({
    path: f.path,
    content: fs.readFileSync(path.join(found.codeDir, ...f.path.split("/")), "utf8"),
    executable: f.executable,
  }));
}

/** The blueprint's layer as a zip (PublishLayerVersion), or undefined when it has none. */
export function blueprintLayerZip(id: string, env?: EnvLike): Uint8Array | undefined {
  const found = findLoaded(id, env);
  if (!found) throw new Error(`Unknown blueprint "${id}"`);
  const files = found.blueprint.layerFiles;
  return found.layerDir && files ? zipCodeDir(found.layerDir, files) : undefined;
}

/** The deployment package (ZipFile for CreateFunction). Throws when the id is unknown. */
export function blueprintZip(id: string, env?: EnvLike): Uint8Array {
  const found = findLoaded(id, env);
  if (!found) throw new Error(`Unknown blueprint "${id}"`);
  return zipCodeDir(found.codeDir, found.blueprint.files);
}
