const SEARCH_PATHS = ["PATH", "LD_LIBRARY_PATH", "NODE_PATH", "PYTHONPATH"];

/**
 * Without a sandbox (LAMBDA_ENGINE_SANDBOX=none) a function has no /opt of its own: its search
 * paths' /opt entries are pointed at the host's merged layer tree instead.
 */
export function pointOptPathsAt(env: Record<string, string>, optDir: string): void {
  for (const key of SEARCH_PATHS) {
    const value = env[key];
    if (value === undefined) continue;
    env[key] = value
      .split(":")
      .map((p) => (p === "/opt" || p.startsWith("/opt/") ? optDir + p.slice(4) : p))
      .join(":");
  }
}
