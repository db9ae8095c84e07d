import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Session } from "../auth/session";
import { createActionClient } from "./create-action-client";

const operator = (targetEnvironment: Session["targetEnvironment"]): Session => ({
  user: { id: "o", name: "Op" },
  role: "operator",
  targetId: targetEnvironment === "production" ? "prod-eu" : "local",
  targetEnvironment,
  consoleRole: "operator",
});

function setup(session: Session) {
  const calls: unknown[] = [];
  const events: string[] = [];
  const defineAction = createActionClient({
    authenticate: async () => session,
    revalidate: () => {},
    audit: (e) => void events.push(`${e.result}:${e.message ?? ""}`),
  });
  const reserve = defineAction({
    permission: "concurrency.write",
    schema: z.object({ functionName: z.string(), reserved: z.coerce.number() }),
    confirmOnProduction: ({ functionName, reserved }) => (reserved === 0 ? [functionName] : null),
    run: async (input) => {
      calls.push(input);
      return input.reserved;
    },
  });
  return { reserve, calls, events };
}

describe("the production guard", () => {
  it("refuses a destructive input on production without the typed name, even when posted directly", async () => {
    const { reserve, calls, events } = setup(operator("production"));
    const refused = await reserve({ functionName: "orders", reserved: 0 });
    expect(refused).toMatchObject({
      ok: false,
      message: 'This target is production: type the function name "orders" to confirm.',
      confirm: { expected: "orders" },
    });
    const wrong = await reserve({ functionName: "orders", reserved: 0, confirmation: "order" });
    expect(wrong).toMatchObject({
      ok: false,
      message: 'The confirmation does not match "orders"; nothing was changed.',
    });
    expect(calls).toEqual([]);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatch(/^refused:/);

    const fd = new FormData();
    fd.set("functionName", "orders");
    fd.set("reserved", "0");
    fd.set("confirmation", " orders ");
    expect(await reserve(fd)).toEqual({ ok: true, data: 0 });
    expect(calls).toHaveLength(1);
  });

  it("lets harmless inputs and other environments through without asking", async () => {
    const prod = setup(operator("production"));
    expect(await prod.reserve({ functionName: "orders", reserved: 5 })).toEqual({
      ok: true,
      data: 5,
    });
    for (const env of ["local", "development", "staging"] as const) {
      const s = setup(operator(env));
      expect(await s.reserve({ functionName: "orders", reserved: 0 })).toEqual({
        ok: true,
        data: 0,
      });
    }
  });

  it("names what is not a function in its own words (deleting a file system)", async () => {
    const defineAction = createActionClient({
      authenticate: async () => operator("production"),
      revalidate: () => {},
    });
    const deleted: string[] = [];
    const del = defineAction({
      permission: "functions.write",
      schema: z.object({ fileSystemId: z.string() }),
      confirmOnProduction: ({ fileSystemId }) => [fileSystemId],
      confirmWhat: "the file system ID",
      run: async ({ fileSystemId }) => void deleted.push(fileSystemId),
    });
    expect(await del({ fileSystemId: "fs-0123abcd" })).toMatchObject({
      ok: false,
      message: 'This target is production: type the file system ID "fs-0123abcd" to confirm.',
      confirm: { expected: "fs-0123abcd" },
    });
    expect(deleted).toEqual([]);
    expect(await del({ fileSystemId: "fs-0123abcd", confirmation: "fs-0123abcd" })).toMatchObject({
      ok: true,
    });
    expect(deleted).toEqual(["fs-0123abcd"]);
  });
});
