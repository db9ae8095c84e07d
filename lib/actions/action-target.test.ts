import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Session } from "../auth/session";
import { createActionClient } from "./create-action-client";

// An action that names its target (switchTarget) is checked with the role on that target, not on
// the one the browser had chosen.
const roles: Record<string, Session["role"]> = { local: "viewer", prod: null };

function setup() {
  const asked: (string | undefined)[] = [];
  const defineAction = createActionClient({
    authenticate: async (targetId) => {
      asked.push(targetId);
      const id = targetId ?? "local";
      return {
        user: { id: "u", name: "U" },
        role: roles[id] ?? null,
        targetId: id,
        targetEnvironment: id === "prod" ? "production" : "local",
        consoleRole: null,
      };
    },
    revalidate: () => {},
  });
  const switchTarget = defineAction({
    permission: "functions.read",
    target: (input) => (typeof input.targetId === "string" ? input.targetId : undefined),
    schema: z.object({ targetId: z.string() }),
    run: async ({ targetId }) => targetId,
  });
  return { switchTarget, asked };
}

describe("the target an action acts on", () => {
  it("refuses switching to a target where the user has no role", async () => {
    const { switchTarget, asked } = setup();
    expect(await switchTarget({ targetId: "prod" })).toEqual({
      ok: false,
      message:
        'Your role on target "prod" does not allow this (it needs the "functions.read" permission).',
    });
    expect(await switchTarget({ targetId: "local" })).toEqual({ ok: true, data: "local" });
    expect(asked).toEqual(["prod", "local"]);
  });
});
