import fs from "node:fs";
import path from "node:path";
import { describeIssues, targetsConfigSchema, toTargets } from "./schema";
import { resolveLocalTarget } from "./local-target";
import type { AccessGrant } from "../access/grants";
import { checkGrants } from "./check-grants";
import type { EnvVars, Target, TargetConfigProblem } from "./types";

export interface TargetList {
  targets: Target[];
  problems: TargetConfigProblem[];
  /** The `access` lists of the targets file and LAMBDA_CONSOLE_TARGETS (lib/access/grants.ts). */
  grants: AccessGrant[];
}

const CONFIG_FILE_NAME = "lambda-console.config.json";

interface LoadOptions {
  env?: EnvVars;
  /** Where the default config file is looked for (the project root). */
  cwd?: string;
}

/** Parses one JSON source; problems are returned, never thrown, so the page can show them. */
export function parseTargetsJson(
  source: string,
  text: string,
): { targets: Target[]; grants?: AccessGrant[]; problem?: TargetConfigProblem } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { targets: [], problem: { source, message: `not valid JSON (${detail})` } };
  }
  const parsed = targetsConfigSchema.safeParse(json);
  if (!parsed.success) {
    return { targets: [], problem: { source, message: describeIssues(parsed.error) } };
  }
  return {
    targets: toTargets(parsed.data),
    ...(parsed.data.access ? { grants: parsed.data.access } : {}),
  };
}

/**
 * All targets: `local` first, then the config file (LAMBDA_CONSOLE_CONFIG or
 * ./lambda-console.config.json), then LAMBDA_CONSOLE_TARGETS. The first of a duplicate id wins.
 */
export function loadTargets({
  env = process.env,
  cwd = process.cwd(),
}: LoadOptions = {}): TargetList {
  const targets: Target[] = [resolveLocalTarget(env)];
  const problems: TargetConfigProblem[] = [];
  const grantSources: { source: string; grants: AccessGrant[] }[] = [];
  const add = (source: string, result: ReturnType<typeof parseTargetsJson>) => {
    if (result.problem) problems.push(result.problem);
    if (result.grants) grantSources.push({ source, grants: result.grants });
    for (const target of result.targets) {
      if (targets.some((t) => t.id === target.id)) {
        problems.push({ source, message: `duplicate target id "${target.id}" ignored` });
      } else {
        targets.push(target);
      }
    }
  };

  const explicit = env.LAMBDA_CONSOLE_CONFIG;
  const file = path.resolve(/* turbopackIgnore: true */ cwd, explicit || CONFIG_FILE_NAME);
  let text: string | undefined;
  try {
    text = fs.readFileSync(/* turbopackIgnore: true */ file, "utf8");
  } catch {
    // The default file is optional; a file named explicitly must exist.
    if (explicit)
      problems.push({ source: file, message: "file not found (LAMBDA_CONSOLE_CONFIG)" });
  }
  if (text !== undefined) add(file, parseTargetsJson(file, text));

  const fromEnv = env.LAMBDA_CONSOLE_TARGETS;
  if (fromEnv && fromEnv.trim() !== "") {
    add("LAMBDA_CONSOLE_TARGETS", parseTargetsJson("LAMBDA_CONSOLE_TARGETS", fromEnv));
  }
  // Grants are checked against every source's targets, so either source may name the other's.
  const grants: AccessGrant[] = [];
  for (const { source, grants: listed } of grantSources) {
    const checked = checkGrants(source, listed, targets);
    grants.push(...checked.grants);
    problems.push(...checked.problems);
  }
  return { targets, problems, grants };
}
