// Loaded with --import by scripts/with-node.ts: better-sqlite3 (asked by name, or by the path
// vitest resolved it to) loads from the copy built for this Node.js (LAMBDA_CONSOLE_BETTER_SQLITE3),
// for import and require alike.
import { registerHooks } from "node:module";
import { pathToFileURL } from "node:url";

const dir = process.env.LAMBDA_CONSOLE_BETTER_SQLITE3;
if (dir) {
  const copy = pathToFileURL(dir).href;
  const marker = "/node_modules/better-sqlite3/";
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const r = nextResolve(specifier, context);
      const i = r.url.lastIndexOf(marker);
      if (i < 0 || r.url.startsWith(copy)) return r;
      return { ...r, url: `${copy}/${r.url.slice(i + marker.length)}` };
    },
  });
}
