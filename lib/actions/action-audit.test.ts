import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Session } from "../auth/session";
import { AwsFailure } from "../aws/errors";
import { createActionClient, type ActionAuditEvent } from "./create-action-client";

function setup(session: Session | null) {
  const events: ActionAuditEvent[] = [];
  const defineAction = createActionClient({
    authenticate: async () => session,
    revalidate: () => {},
    audit: (e) => {
      events.push(e);
    },
  });
  const deleteFn = defineAction({
    permission: "functions.write",
    name: "functions.delete",
    schema: z.object({ functionName: z.string().min(1) }),
    run: async ({ functionName }) => {
      if (functionName === "busy")
        throw new AwsFailure("Conflict", "An update is in progress", "ResourceConflictException");
      if (functionName === "boom") throw new Error("socket hang up");
      return { deleted: functionName };
    },
  });
  const read = defineAction({
    permission: "functions.read",
    schema: z.object({}),
    run: async () => 1,
  });
  return { deleteFn, read, events };
}

const viewer: Session = {
  user: { id: "v", name: "Viewer" },
  role: "viewer",
  targetId: "local",
  targetEnvironment: "local",
  consoleRole: "viewer",
};
const developer: Session = {
  user: { id: "d", name: "Dev" },
  role: "developer",
  targetId: "local",
  targetEnvironment: "local",
  consoleRole: "developer",
};

describe("the action wrapper's audit trail", () => {
  it("records a refusal with who, what and on which resource", async () => {
    const { deleteFn, events } = setup(viewer);
    const result = await deleteFn({ functionName: "fn-1" });
    expect(result.ok).toBe(false);
    expect(events).toEqual([
      {
        action: "functions.delete",
        permission: "functions.write",
        resource: "fn-1",
        session: viewer,
        result: "refused",
        message:
          'Your role on target "local" does not allow this (it needs the "functions.write" permission).',
      },
    ]);
  });

  it("records refusals without a session too", async () => {
    const { read, events } = setup(null);
    await read({});
    expect(events.map((e) => [e.action, e.result, e.session])).toEqual([
      ["functions.read", "refused", null],
    ]);
  });

  it("records ok and error outcomes of mutations, not of reads", async () => {
    const { deleteFn, read, events } = setup(developer);
    expect(await deleteFn({ functionName: "fn-1" })).toEqual({
      ok: true,
      data: { deleted: "fn-1" },
    });
    expect(await deleteFn({ functionName: "busy" })).toEqual({
      ok: false,
      message: "An update is in progress",
    });
    await expect(deleteFn({ functionName: "boom" })).rejects.toThrow("socket hang up");
    await read({});
    expect(events.map((e) => [e.resource, e.result, e.message])).toEqual([
      ["fn-1", "ok", null],
      ["busy", "error", "An update is in progress"],
      ["boom", "error", "socket hang up"],
    ]);
  });

  it("does not audit input that fails validation (nothing was attempted)", async () => {
    const { deleteFn, events } = setup(developer);
    const result = await deleteFn({ functionName: "" });
    expect(result.ok).toBe(false);
    expect(events).toEqual([]);
  });
});
