"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import {
  connectFunctionToProxy,
  disconnectFunctionFromProxy,
} from "@/lib/aws/function-database-proxies";
import { getCurrentTarget } from "@/lib/targets/current-target";

const target = async () => (await getCurrentTarget()).current;
const input = z.object({
  functionName: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  proxyName: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/),
});
const paths = (i: { functionName: string }) => [
  `/functions/${encodeURIComponent(i.functionName)}/database-proxies`,
  `/functions/${encodeURIComponent(i.functionName)}`,
];

export const connectProxy = defineAction({
  permission: "functions.write",
  name: "functions.connect-proxy",
  schema: input,
  run: async ({ functionName, proxyName }) => ({
    functionName,
    proxyName,
    ...(await connectFunctionToProxy(await target(), functionName, proxyName)),
  }),
  revalidate: paths,
});

export const disconnectProxy = defineAction({
  permission: "functions.write",
  name: "functions.disconnect-proxy",
  schema: input,
  // The function loses its database access.
  confirmOnProduction: ({ functionName }) => [functionName],
  run: async ({ functionName, proxyName }) => {
    await disconnectFunctionFromProxy(await target(), functionName, proxyName);
    return { functionName, proxyName, note: undefined as string | undefined };
  },
  revalidate: paths,
});
