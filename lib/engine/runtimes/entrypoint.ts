import fs from "node:fs";
import path from "node:path";
import type { FunctionConfiguration } from "../functions/types";

/** Host directories behind the sandbox paths a user controls. */
export interface EntrypointViews {
  codeDir: string;
  optDir?: string;
}

export interface Entrypoint {
  /** The runtime's argv, with the OS-only runtime's bootstrap found (/var/task, then /opt). */
  argv: string[];
  /** Lambda's reason the process cannot start (Runtime.InvalidEntrypoint), if it cannot. */
  problem?: string;
}

/** Where a sandbox path of the function's own (/var/task, /opt) is on the host; undefined for others. */
function hostFile(inside: string, views: EntrypointViews): string | undefined {
  const under = (root: string) => inside === root || inside.startsWith(`${root}/`);
  if (under("/var/task")) return path.join(views.codeDir, inside.slice("/var/task".length));
  if (under("/opt")) return views.optDir && path.join(views.optDir, inside.slice("/opt".length));
  return undefined;
}

/** Why exec would fail, in Go's words as Lambda reports them (fork/exec <path>: ...). */
function execProblem(program: string, views: EntrypointViews): string | undefined {
  if (!path.posix.isAbsolute(program)) return `fork/exec ${program}: no such file or directory`;
  if (!program.startsWith("/var/task") && !program.startsWith("/opt")) return undefined;
  const file = hostFile(program, views);
  let st: fs.Stats | undefined;
  try {
    st = file ? fs.statSync(file) : undefined;
  } catch {
    // A link that leaves the code (to /usr, say) is judged inside the sandbox, not here.
    if (file && fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()) return undefined;
  }
  if (!st) return `fork/exec ${program}: no such file or directory`;
  if (!st.isFile() || (st.mode & 0o111) === 0) return `fork/exec ${program}: permission denied`;
  return undefined;
}

/**
 * Lambda's checks before it starts a zip function's runtime: AWS_LAMBDA_EXEC_WRAPPER must be an
 * executable file (Node.js and Python runtimes), and an OS-only runtime needs a bootstrap in
 * /var/task or /opt.
 */
export function checkEntrypoint(
  config: Pick<FunctionConfiguration, "Runtime" | "Environment">,
  family: string,
  argv: string[],
  views: EntrypointViews,
): Entrypoint {
  if (family === "provided") {
    const found = ["/var/task/bootstrap", "/opt/bootstrap"].find((b) => {
      const file = hostFile(b, views);
      return file !== undefined && fs.lstatSync(file, { throwIfNoEntry: false }) !== undefined;
    });
    if (!found)
      return {
        argv,
        problem: "Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]",
      };
    const problem = execProblem(found, views);
    return { argv: [found, ...argv.slice(1)], ...(problem ? { problem } : {}) };
  }
  const wrapper = config.Environment?.Variables?.AWS_LAMBDA_EXEC_WRAPPER;
  if (wrapper && (family === "nodejs" || family === "python")) {
    const problem = execProblem(wrapper, views);
    if (problem) return { argv, problem };
  }
  return { argv };
}
