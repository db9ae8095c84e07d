"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { deleteFunctionUrl, saveFunctionUrl } from "@/lib/aws/function-urls";
import { tryFunctionUrl } from "@/lib/aws/function-url-try";
import { getCurrentTarget } from "@/lib/targets/current-target";

const target = async () => (await getCurrentTarget()).current;
const functionName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const paths = (input: { functionName: string }) => [
  `/functions/${encodeURIComponent(input.functionName)}/url`,
  `/functions/${encodeURIComponent(input.functionName)}/permissions`,
  `/functions/${encodeURIComponent(input.functionName)}`,
];
/** "a, b" → ["a", "b"]; each entry checked as the model bounds it. */
const list = (max: number, itemMax: number) =>
  z
    .string()
    .max(20_000)
    .transform((s) =>
      s
        .split(/[,\n]/)
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().max(itemMax, `Each entry at most ${itemMax} characters`))
        .max(max, `At most ${max} entries`),
    );

export const saveUrl = defineAction({
  permission: "functions.write",
  name: "function-url.save",
  schema: z.object({
    functionName,
    authType: z.enum(["NONE", "AWS_IAM"]),
    invokeMode: z.enum(["BUFFERED", "RESPONSE_STREAM"]),
    corsEnabled: z.enum(["on", "off"]),
    allowOrigins: list(100, 253),
    allowMethods: list(6, 6),
    allowHeaders: list(100, 1024),
    exposeHeaders: list(100, 1024),
    allowCredentials: z.enum(["on", "off"]),
    maxAge: z.union([
      z.literal(""),
      z.coerce.number().int("Whole seconds").min(0, "0 or more").max(86400, "At most 86400"),
    ]),
  }),
  run: async (i) => {
    await saveFunctionUrl(await target(), i.functionName, {
      authType: i.authType,
      invokeMode: i.invokeMode,
      cors:
        i.corsEnabled === "on"
          ? {
              AllowOrigins: i.allowOrigins,
              AllowMethods: i.allowMethods.map((m) => m.toUpperCase()),
              AllowHeaders: i.allowHeaders,
              ExposeHeaders: i.exposeHeaders,
              AllowCredentials: i.allowCredentials === "on",
              ...(i.maxAge === "" ? {} : { MaxAge: i.maxAge }),
            }
          : undefined,
    });
    return { functionName: i.functionName };
  },
  revalidate: paths,
});

export const removeUrl = defineAction({
  permission: "functions.write",
  name: "function-url.delete",
  schema: z.object({ functionName }),
  // Callers of the URL get nothing afterwards, and a new URL gets a new address.
  confirmOnProduction: ({ functionName: name }) => [name],
  run: async ({ functionName }) => {
    await deleteFunctionUrl(await target(), functionName);
    return { functionName };
  },
  revalidate: paths,
});

/** "Try it": one request to the function's own URL, sent by the server (the URL comes from AWS). */
export const tryUrl = defineAction({
  permission: "functions.invoke",
  name: "function-url.try",
  schema: z.object({
    functionName,
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]),
    path: z
      .string()
      .max(2048)
      .regex(/^\/[^\s#]*$/, "Start with / (a path and query, e.g. /items?id=1)"),
    body: z.string().max(1_000_000),
    contentType: z.string().max(200),
  }),
  run: async (i) =>
    tryFunctionUrl(await target(), i.functionName, {
      method: i.method,
      path: i.path,
      body: i.body,
      contentType: i.contentType || "application/json",
    }),
});
