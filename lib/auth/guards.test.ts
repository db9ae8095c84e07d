import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Session } from "./session";
import { createRouteClient } from "./create-route-client";

// Guards by construction (issue 20): every server action and route handler is built with the
// wrapper that checks the session and permission first, or is marked public with a reason.
const ROOT = path.resolve(import.meta.dirname, "../..");

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", ".next", ".tmp", ".data", "engine"].includes(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.tsx?$/.test(e.name) && !/\.(test|spec)\.tsx?$|\.d\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

const sources = ["app", "lib", "components"].flatMap((d) => walk(path.join(ROOT, d)));
const rel = (p: string) => path.relative(ROOT, p);

/** Exports that are not built with one of `wrappers` (type-only exports carry no code). */
function unguardedExports(src: string, wrappers: readonly string[], allow: RegExp): string[] {
  const out: string[] = [];
  for (const m of src.matchAll(/^export\s+(.*)$/gm)) {
    const decl = m[1] ?? "";
    if (/^(type|interface)\s/.test(decl)) continue;
    const name = /^const\s+(\w+)\s*=/.exec(decl)?.[1];
    if (name && allow.test(name)) continue;
    const wrapper = /^const\s+\w+\s*=\s*(\w+)\s*(?:<[^(]*>)?\(/.exec(decl)?.[1];
    if (wrapper && wrappers.includes(wrapper)) continue;
    out.push(decl.slice(0, 60));
  }
  return out;
}

const isUseServer = (src: string) =>
  /^["']use server["'];/m.test(src.split("\n").slice(0, 3).join("\n"));

describe("guards by construction", () => {
  it('builds every export of a "use server" module with defineAction or publicAction', () => {
    const modules = sources.filter((f) => isUseServer(fs.readFileSync(f, "utf8")));
    expect(modules.length).toBeGreaterThan(15);
    const offenders = modules.flatMap((f) =>
      unguardedExports(fs.readFileSync(f, "utf8"), ["defineAction", "publicAction"], /^$/).map(
        (e) => `${rel(f)}: export ${e}`,
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('has no inline "use server" functions, which no wrapper could guard', () => {
    const inline = sources.filter((f) =>
      fs
        .readFileSync(f, "utf8")
        .split("\n")
        // A module's directive starts its first line; a function's is indented in its body.
        .some((line) => /^\s+["']use server["'];?\s*$/.test(line)),
    );
    expect(inline.map(rel)).toEqual([]);
  });

  it("builds every route handler with defineRoute or publicRoute", () => {
    const routes = sources.filter((f) => path.basename(f) === "route.ts");
    expect(routes.length).toBeGreaterThan(5);
    const offenders = routes.flatMap((f) =>
      unguardedExports(
        fs.readFileSync(f, "utf8"),
        ["defineRoute", "publicRoute"],
        // Route segment config (https://nextjs.org/docs/app/api-reference/file-conventions/route-segment-config).
        /^(runtime|dynamic|revalidate|fetchCache|preferredRegion|maxDuration)$/,
      ).map((e) => `${rel(f)}: export ${e}`),
    );
    expect(offenders).toEqual([]);
  });

  it("the source walk catches a bare handler, a bare action and a re-export", () => {
    const wrappers = ["defineRoute", "publicRoute"];
    const none = /^(dynamic)$/;
    expect(
      unguardedExports(
        'export const dynamic = "force-dynamic";\nexport type X = 1;\nexport const GET = defineRoute({',
        wrappers,
        none,
      ),
    ).toEqual([]);
    expect(unguardedExports("export async function GET(req: Request) {", wrappers, none)).toEqual([
      "async function GET(req: Request) {",
    ]);
    expect(unguardedExports("export const { GET, POST } = handlers;", wrappers, none)).toHaveLength(
      1,
    );
    expect(unguardedExports('export { x } from "./y";', wrappers, none)).toHaveLength(1);
    expect(unguardedExports("export const POST = wrap(handler);", wrappers, none)).toHaveLength(1);
    expect(unguardedExports("export default async function () {}", wrappers, none)).toHaveLength(1);
  });
});

const session = (role: Session["role"]): Session => ({
  user: { id: "u", name: "U" },
  role,
  targetId: "local",
  targetEnvironment: "local",
  consoleRole: role,
});

describe("defineRoute", () => {
  function setup(who: Session | null) {
    const ran: string[] = [];
    const defineRoute = createRouteClient({ authenticate: async () => who });
    const POST = defineRoute<{ id: string }>({
      permission: "functions.write",
      run: async (_req, { session, params }) => {
        ran.push(`${session.user.id}:${params.id}`);
        return Response.json({ ok: true });
      },
    });
    const call = () =>
      POST(new Request("http://console/x", { method: "POST" }), {
        params: Promise.resolve({ id: "fs-1" }),
      });
    return { call, ran };
  }

  it("answers 401 without a session and never runs the handler", async () => {
    const { call, ran } = setup(null);
    const res = await call();
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: "You are not signed in." });
    expect(ran).toEqual([]);
  });

  it("answers 403 to a role without the permission and never runs the handler", async () => {
    const { call, ran } = setup(session("viewer"));
    const res = await call();
    expect(res.status).toBe(403);
    expect((await res.json()).message).toContain('"functions.write"');
    expect(ran).toEqual([]);
  });

  it("runs the handler with the session and the awaited params when allowed", async () => {
    const { call, ran } = setup(session("developer"));
    const res = await call();
    expect(res.status).toBe(200);
    expect(ran).toEqual(["u:fs-1"]);
  });
});
