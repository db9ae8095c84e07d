import fs from "node:fs";
import path from "node:path";
import type { EngineContext } from "../context";
import { ImageError } from "./errors";
import { runConfined, ToolMissingError, type ToolResult } from "./exec";

/** Where the image cache lives: <dataDir>/images/{oci,rootfs,tmp}. */
export interface Paths {
  root: string;
  layout: string;
  rootfs: string;
  tmp: string;
}
export function cachePaths(ctx: Pick<EngineContext, "config">): Paths {
  const root = path.join(ctx.config.dataDir, "images");
  const p = {
    root,
    layout: path.join(root, "oci"),
    rootfs: path.join(root, "rootfs"),
    tmp: path.join(root, "tmp"),
  };
  for (const dir of [p.layout, p.rootfs, p.tmp])
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return p;
}

/** skopeo and umoci see only the cache: TMPDIR and HOME point into it. */
function toolEnv(p: Paths): NodeJS.ProcessEnv {
  return {
    NODE_ENV: process.env.NODE_ENV,
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: p.tmp,
    TMPDIR: p.tmp,
  };
}

/** Writes to the shared OCI layout are serialised: index.json is rewritten by every copy. */
let layoutLock: Promise<unknown> = Promise.resolve();
export function withLayoutLock<T>(fn: () => Promise<T>): Promise<T> {
  const run = layoutLock.then(fn, fn);
  layoutLock = run.catch(() => undefined);
  return run;
}

/**
 * Runs skopeo / umoci confined to the cache (plus `readable` files, such as the registry auth
 * file); a missing tool says image functions are unavailable.
 */
export async function tool(
  cmd: string,
  args: string[],
  p: Paths,
  uri: string,
  readable: string[] = [],
): Promise<ToolResult> {
  try {
    return await runConfined(cmd, args, [p.root], {
      env: toolEnv(p),
      timeoutMs: 600_000,
      readable,
    });
  } catch (e) {
    if (e instanceof ToolMissingError) {
      throw new ImageError(
        "InternalError",
        `Image functions are unavailable on this engine: ${cmd} is not installed (needed for ${uri}).`,
      );
    }
    throw e;
  }
}
