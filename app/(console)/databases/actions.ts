"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import {
  createDbInstance,
  createDbProxy,
  deleteDbInstance,
  deleteDbProxy,
  getDbProxy,
  listDbInstances,
  modifyProxyPool,
  registerProxyTarget,
} from "@/lib/aws/databases";
import { getCurrentTarget } from "@/lib/targets/current-target";

const target = async () => (await getCurrentTarget()).current;
const identifier = z
  .string()
  .trim()
  .regex(
    /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,62}$/,
    "Letters, digits and hyphens; starts with a letter; no double or trailing hyphen",
  )
  .refine((v) => !v.endsWith("-"), "Must not end with a hyphen");
const username = z
  .string()
  .trim()
  .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/, "Starts with a letter; letters, digits and underscores");
const password = z
  .string()
  .min(8, "At least 8 characters")
  .max(128)
  .regex(/^[^/"@\s]+$/, 'Printable characters except / " @ and spaces');
const paths = () => ["/databases"];

export const createDatabase = defineAction({
  permission: "functions.write",
  name: "databases.create",
  schema: z.object({ id: identifier, username, password }),
  run: async (input) => createDbInstance(await target(), input),
  revalidate: paths,
});

export const deleteDatabase = defineAction({
  permission: "functions.write",
  name: "databases.delete",
  schema: z.object({ id: identifier }),
  confirmOnProduction: ({ id }) => [id],
  confirmWhat: "the DB instance identifier",
  run: async ({ id }) => {
    await deleteDbInstance(await target(), id);
    return { id };
  },
  revalidate: paths,
});

/** For the wizards' progress: where an instance or a proxy is in its lifecycle. */
export const databaseStatus = defineAction({
  permission: "functions.read",
  schema: z.object({ kind: z.enum(["instance", "proxy"]), id: identifier }),
  run: async ({ kind, id }) => {
    const t = await target();
    if (kind === "proxy") {
      const p = await getDbProxy(t, id);
      return { status: p.status, health: p.targets[0]?.health };
    }
    const i = (await listDbInstances(t)).find((x) => x.id === id.toLowerCase());
    return { status: i?.status ?? "gone", health: undefined };
  },
});

export const createProxy = defineAction({
  permission: "functions.write",
  name: "databases.create-proxy",
  schema: z.object({
    name: identifier,
    instanceId: identifier,
    username,
    password,
    iamAuth: z.boolean(),
    requireTls: z.boolean(),
    roleArn: z
      .string()
      .trim()
      .regex(/^arn:aws[a-zA-Z-]*:iam::\d{12}:role\/.+$/, "An IAM role ARN"),
    subnetIds: z.array(z.string().trim().min(1)).min(1, "At least one subnet"),
  }),
  run: async (input) => {
    const r = await createDbProxy(await target(), input);
    return { name: input.name, secretArn: r.secretArn };
  },
  revalidate: paths,
});

export const registerTarget = defineAction({
  permission: "functions.write",
  name: "databases.register-target",
  schema: z.object({ name: identifier, instanceId: identifier }),
  run: async ({ name, instanceId }) => {
    await registerProxyTarget(await target(), name, instanceId);
    return { name };
  },
  revalidate: paths,
});

export const savePoolSettings = defineAction({
  permission: "functions.write",
  name: "databases.pool",
  schema: z.object({
    name: identifier,
    maxConnectionsPercent: z.coerce.number().int().min(1, "1 to 100").max(100, "1 to 100"),
    maxIdleConnectionsPercent: z.coerce.number().int().min(0, "0 to 100").max(100, "0 to 100"),
    connectionBorrowTimeout: z.coerce.number().int().min(0).max(3600, "At most 3600 seconds"),
  }),
  run: async ({ name, ...pool }) => {
    await modifyProxyPool(await target(), name, pool);
    return { name };
  },
  revalidate: paths,
});

export const deleteProxy = defineAction({
  permission: "functions.write",
  name: "databases.delete-proxy",
  schema: z.object({ name: identifier }),
  // Connected functions lose their database access.
  confirmOnProduction: ({ name }) => [name],
  confirmWhat: "the proxy name",
  run: async ({ name }) => {
    await deleteDbProxy(await target(), name);
    return { name };
  },
  revalidate: paths,
});
