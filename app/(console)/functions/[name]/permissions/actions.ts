"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import { addPermission, removePermission } from "@/lib/aws/function-urls";
import { getCurrentTarget } from "@/lib/targets/current-target";

const target = async () => (await getCurrentTarget()).current;
const functionName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const statementId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,100}$/, "Letters, digits, - and _ (at most 100)");
const paths = (input: { functionName: string }) => [
  `/functions/${encodeURIComponent(input.functionName)}/permissions`,
  `/functions/${encodeURIComponent(input.functionName)}`,
];
const optional = (schema: z.ZodString) =>
  z.union([z.literal(""), schema]).transform((v) => (v === "" ? undefined : v));

export const addStatement = defineAction({
  permission: "functions.write",
  name: "function-permission.add",
  schema: z.object({
    functionName,
    statementId,
    principal: z.string().trim().min(1, "Enter a principal").max(2048),
    action: z.string().regex(/^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/, "e.g. lambda:InvokeFunction"),
    sourceArn: optional(z.string().trim().max(1024).regex(/^arn:/, "Enter an ARN")),
    sourceAccount: optional(z.string().regex(/^\d{12}$/, "12 digits")),
    functionUrlAuthType: z
      .enum(["", "NONE", "AWS_IAM"])
      .transform((v) => (v === "" ? undefined : v)),
  }),
  run: async (i) => {
    await addPermission(await target(), i.functionName, i);
    return { functionName: i.functionName, statementId: i.statementId };
  },
  revalidate: paths,
});

export const removeStatement = defineAction({
  permission: "functions.write",
  name: "function-permission.remove",
  schema: z.object({ functionName, statementId }),
  run: async ({ functionName, statementId }) => {
    await removePermission(await target(), functionName, statementId);
    return { functionName, statementId };
  },
  revalidate: paths,
});
