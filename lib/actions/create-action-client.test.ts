import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Session } from "../auth/session";
import { AwsFailure } from "../aws/errors";
import { createActionClient, formDataToObject } from "./create-action-client";

function setup(session: Session | null) {
  const revalidated: string[] = [];
  const calls: unknown[] = [];
  const defineAction = createActionClient({
    authenticate: async () => session,
    revalidate: (path) => revalidated.push(path),
  });
  const setMemory = defineAction({
    permission: "functions.write",
    schema: z.object({
      name: z.string().min(1),
      memory: z.coerce.number().int().min(128).max(10240),
    }),
    revalidate: (data: { name: string }) => [`/functions/${data.name}`],
    run: async (input) => {
      calls.push(input);
      if (input.name === "busy")
        throw new AwsFailure("Conflict", "An update is in progress", "ResourceConflictException");
      if (input.name === "boom") throw new Error("unexpected");
      return { name: input.name };
    },
  });
  return { setMemory, revalidated, calls };
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

function form(entries: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(entries)) fd.append(k, v);
  return fd;
}

describe("the action wrapper", () => {
  it("refuses without the permission and never calls the action", async () => {
    const { setMemory, calls, revalidated } = setup(viewer);
    const result = await setMemory(form({ name: "fn", memory: "256" }));
    expect(result).toEqual({
      ok: false,
      message:
        'Your role on target "local" does not allow this (it needs the "functions.write" permission).',
    });
    expect(calls).toEqual([]);
    expect(revalidated).toEqual([]);
  });

  it("refuses without a session", async () => {
    const { setMemory, calls } = setup(null);
    expect(await setMemory({ name: "fn", memory: 256 })).toEqual({
      ok: false,
      message: "You are not signed in.",
    });
    expect(calls).toEqual([]);
  });

  it("returns fieldErrors when zod rejects the input", async () => {
    const { setMemory, calls } = setup(developer);
    const result = await setMemory(form({ name: "", memory: "64" }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toBe("Some fields need attention.");
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["memory", "name"]);
    expect(result.fieldErrors?.memory?.[0]).toMatch(/128/);
    expect(calls).toEqual([]);
  });

  it("parses FormData with coercion, calls, revalidates and returns the data", async () => {
    const { setMemory, calls, revalidated } = setup(developer);
    const result = await setMemory(form({ name: "fn", memory: "256" }));
    expect(result).toEqual({ ok: true, data: { name: "fn" } });
    expect(calls).toEqual([{ name: "fn", memory: 256 }]);
    expect(revalidated).toEqual(["/functions/fn"]);
  });

  it("turns an expected AWS failure into a message and lets unexpected errors through", async () => {
    const { setMemory, revalidated } = setup(developer);
    expect(await setMemory({ name: "busy", memory: 256 })).toEqual({
      ok: false,
      message: "An update is in progress",
    });
    await expect(setMemory({ name: "boom", memory: 256 })).rejects.toThrow("unexpected");
    expect(revalidated).toEqual([]);
  });
});

describe("formDataToObject", () => {
  it("keeps repeated keys as arrays and drops React's $ACTION fields", () => {
    const fd = form({ a: "1", $ACTION_ID_x: "" });
    fd.append("tag", "x");
    fd.append("tag", "y");
    expect(formDataToObject(fd)).toEqual({ a: "1", tag: ["x", "y"] });
  });
});
