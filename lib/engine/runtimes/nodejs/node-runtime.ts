import path from "node:path";
import type { EngineContext } from "../../context";
import { ensureNode, installedNode, type NodeDist } from "./node-dist";

/**
 * Which Node.js runs a nodejsNN.x function (issue 19): Node.js NN, as on Lambda. The host's own
 * node when its major is NN; else the distribution fetched from the npm registry into
 * <dataDir>/runtimes/node (LAMBDA_ENGINE_NODE_DIST_DIR overrides: CI and specs share one copy).
 */
export const HOST_NODE_MAJOR = Number(process.versions.node.split(".")[0]);

/** The major a runtime identifier asks for (nodejs24.x → 24), or undefined for other families. */
export function nodeMajorOf(runtime: string | undefined): number | undefined {
  const m = /^nodejs(\d+)\.x$/.exec(runtime ?? "");
  return m ? Number(m[1]) : undefined;
}

export function nodeDistRoot(
  ctx: Pick<EngineContext, "config">,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  // Absolute: bwrap binds it from another working directory (e2e sets ".tmp/node-dist").
  const dir = env.LAMBDA_ENGINE_NODE_DIST_DIR;
  return dir ? path.resolve(dir) : path.join(ctx.config.dataDir, "runtimes", "node");
}

export interface NodeChoice {
  /** Host path of the node binary. */
  node: string;
  /** "24.22.3" */
  version: string;
  /** Why it is not the major asked for (not fetched yet, or the fetch failed). */
  fallback?: string;
}

const failures = new Map<string, string>();

/** The node a runtime runs on now (synchronous: an environment's start). */
export function nodeFor(ctx: Pick<EngineContext, "config">, runtime: string): NodeChoice {
  const major = nodeMajorOf(runtime);
  const host = { node: process.execPath, version: process.versions.node };
  if (major === undefined || major === HOST_NODE_MAJOR) return host;
  const root = nodeDistRoot(ctx);
  const dist = installedNode(root, major);
  if (dist) return { node: dist.node, version: dist.version };
  const why = failures.get(`${root}\0${major}`) ?? `Node.js ${major} is not fetched yet`;
  return { ...host, fallback: why };
}

/**
 * Fetches the Node.js a runtime needs, once; progress on the engine's output. Never throws: a
 * function whose Node.js cannot be fetched (offline) runs on the host's, and its log says why.
 */
export async function ensureNodeRuntime(
  ctx: Pick<EngineContext, "config">,
  runtime: string | undefined,
): Promise<NodeDist | undefined> {
  const major = nodeMajorOf(runtime);
  if (major === undefined || major === HOST_NODE_MAJOR) return undefined;
  const root = nodeDistRoot(ctx);
  if (installedNode(root, major)) return installedNode(root, major);
  try {
    const dist = await ensureNode(root, major, {
      registry: process.env.LAMBDA_ENGINE_NPM_REGISTRY || undefined,
      onProgress: ({ version, percent, total }) => {
        const size = total ? ` ${(total / 1e6).toFixed(1)} MB` : "";
        console.log(
          `[engine] fetching Node.js ${version} for ${runtime} (npm registry, node-linux-${process.arch}${size}): ${percent}%`,
        );
      },
    });
    failures.delete(`${root}\0${major}`);
    console.log(
      `[engine] Node.js ${dist.version} verified (${dist.integrity.slice(0, 22)}…) and kept`,
    );
    return dist;
  } catch (e) {
    const why = `fetching Node.js ${major} failed: ${e instanceof Error ? e.message : String(e)}`;
    failures.set(`${root}\0${major}`, why);
    console.warn(
      `[engine] ${why}; ${runtime} functions run on the host's Node.js ${process.versions.node}`,
    );
    return undefined;
  }
}
