import fs from "node:fs";
import path from "node:path";
import { blueprintManifestSchema, formatZodIssues, type BlueprintManifest } from "./manifest";

type BlueprintSource = "builtin" | "custom";

export interface BlueprintFile {
  /** Path inside the package, '/'-separated. */
  path: string;
  size: number;
  executable: boolean;
}

export interface Blueprint extends BlueprintManifest {
  source: BlueprintSource;
  files: BlueprintFile[];
  /** The files of layer/ when the manifest names a layer. */
  layerFiles?: BlueprintFile[];
}

export interface BlueprintError {
  source: BlueprintSource;
  /** The folder's name in its catalog directory. */
  folder: string;
  problems: string[];
}

export interface LoadedBlueprint {
  blueprint: Blueprint;
  /** Host directory of the code (never sent to the browser). */
  codeDir: string;
  /** Host directory of the layer's files, when the manifest names a layer. */
  layerDir?: string;
}

export interface Catalog {
  blueprints: LoadedBlueprint[];
  errors: BlueprintError[];
}

export interface CatalogDirs {
  builtin: string;
  custom?: string;
}

const MAX_FILES = 500;
const MAX_TOTAL_BYTES = 20 * 1024 * 1024;

/** Reads every folder of the built-in catalog, then the custom one; a bad folder is reported and skipped. */
export function loadCatalog(dirs: CatalogDirs): Catalog {
  const blueprints: LoadedBlueprint[] = [];
  const errors: BlueprintError[] = [];
  const seen = new Set<string>();
  const sources: [BlueprintSource, string | undefined][] = [
    ["builtin", dirs.builtin],
    ["custom", dirs.custom],
  ];
  for (const [source, root] of sources) {
    if (!root) continue;
    let folders: fs.Dirent[];
    try {
      folders = fs.readdirSync(root, { withFileTypes: true });
    } catch (err) {
      errors.push({
        source,
        folder: ".",
        problems: [`cannot read ${root}: ${(err as Error).message}`],
      });
      continue;
    }
    for (const entry of folders.sort((a, b) => a.name.localeCompare(b.name))) {
      if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
      const result = loadFolder(source, path.join(root, entry.name), entry.name);
      if ("problems" in result) {
        errors.push(result);
      } else if (seen.has(result.blueprint.id)) {
        errors.push({
          source,
          folder: entry.name,
          problems: [`id: "${result.blueprint.id}" is already used by another blueprint`],
        });
      } else {
        seen.add(result.blueprint.id);
        blueprints.push(result);
      }
    }
  }
  return { blueprints, errors };
}

function loadFolder(
  source: BlueprintSource,
  dir: string,
  folder: string,
): LoadedBlueprint | BlueprintError {
  const fail = (problems: string[]): BlueprintError => ({ source, folder, problems });
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path.join(dir, "blueprint.json"), "utf8"));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return fail([e.code === "ENOENT" ? "blueprint.json: missing" : `blueprint.json: ${e.message}`]);
  }
  const parsed = blueprintManifestSchema.safeParse(raw);
  if (!parsed.success) return fail(formatZodIssues(parsed.error));
  const manifest = parsed.data;
  const problems: string[] = [];
  if (manifest.id !== folder)
    problems.push(`id: "${manifest.id}" must equal the folder name "${folder}"`);
  const codeDir = path.join(dir, "code");
  const files = listCodeFiles(codeDir, problems);
  if (files.length === 0 && problems.length === 0) problems.push("code/: no files");
  problems.push(...checkHandler(manifest, files));
  const layerDir = manifest.layer ? path.join(dir, "layer") : undefined;
  const layerFiles = layerDir ? listCodeFiles(layerDir, problems, "layer") : undefined;
  if (layerFiles?.length === 0) problems.push("layer/: no files");
  if (problems.length > 0) return fail(problems);
  return {
    blueprint: { ...manifest, source, files, ...(layerFiles ? { layerFiles } : {}) },
    codeDir,
    ...(layerDir ? { layerDir } : {}),
  };
}

/** Regular files only: a symlink in a dropped-in folder could pull host files into a package. */
function listCodeFiles(codeDir: string, problems: string[], folder = "code"): BlueprintFile[] {
  const files: BlueprintFile[] = [];
  let total = 0;
  const walk = (rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(codeDir, rel), { withFileTypes: true });
    } catch {
      problems.push(`${folder}/${rel}: cannot be read (a blueprint's files live in code/)`);
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(relPath);
      else if (e.isFile()) {
        const st = fs.statSync(path.join(codeDir, relPath));
        total += st.size;
        files.push({ path: relPath, size: st.size, executable: (st.mode & 0o111) !== 0 });
      } else problems.push(`${folder}/${relPath}: only regular files and folders are allowed`);
    }
  };
  walk("");
  if (files.length > MAX_FILES)
    problems.push(`${folder}/: ${files.length} files, at most ${MAX_FILES}`);
  if (total > MAX_TOTAL_BYTES)
    problems.push(`${folder}/: ${total} bytes, at most ${MAX_TOTAL_BYTES}`);
  return files;
}

/** The handler must name a file the runtime will find, or CreateFunction succeeds and every invoke fails. */
function checkHandler(manifest: BlueprintManifest, files: BlueprintFile[]): string[] {
  const names = new Set(files.map((f) => f.path));
  const { runtime, handler } = manifest;
  if (runtime.startsWith("provided")) {
    const boot = files.find((f) => f.path === "bootstrap");
    if (!boot)
      return ["code/bootstrap: missing (a provided.* runtime runs the package's bootstrap)"];
    return boot.executable ? [] : ["code/bootstrap: not executable (chmod 755)"];
  }
  const dot = handler.lastIndexOf(".");
  if (dot <= 0 || dot === handler.length - 1)
    return [`handler: "${handler}" must be <module>.<function>`];
  const mod = handler.slice(0, dot);
  if (runtime.startsWith("nodejs")) {
    const found = [".js", ".mjs", ".cjs"].some((ext) => names.has(mod + ext));
    return found ? [] : [`handler: no code/${mod}.js, .mjs or .cjs for "${handler}"`];
  }
  if (runtime.startsWith("python")) {
    const modPath = mod.replaceAll(".", "/");
    return names.has(`${modPath}.py`) || names.has(`${modPath}/__init__.py`)
      ? []
      : [`handler: no code/${modPath}.py for "${handler}"`];
  }
  return [];
}
