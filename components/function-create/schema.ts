import { z } from "zod";
import { describeEnvironmentProblem, environmentProblems } from "@/lib/lambda-rules/environment";
import {
  DESCRIPTION_MAX,
  EPHEMERAL_STORAGE,
  HANDLER_RE,
  MEMORY_SIZE,
  PLAIN_FUNCTION_NAME_RE,
  ROLE_RE,
  TIMEOUT,
} from "@/lib/lambda-rules/function-fields";

/** Lambda's own rules (lib/lambda-rules, the engine's too), checked in the browser and by the action. */
export const FUNCTION_NAME = PLAIN_FUNCTION_NAME_RE;
const ROLE_ARN = ROLE_RE;

/** "KEY=value" per line; blank lines ignored. */
export const environmentText = z
  .string()
  .default("")
  .transform((text, ctx) => {
    const vars: Record<string, string> = {};
    for (const [i, line] of text.split(/\r?\n/).entries()) {
      if (!line.trim()) continue;
      const eq = line.indexOf("=");
      if (eq <= 0) {
        ctx.addIssue({ code: "custom", message: `Line ${i + 1}: expected KEY=value` });
        continue;
      }
      vars[line.slice(0, eq).trim()] = line.slice(eq + 1);
    }
    for (const problem of environmentProblems(vars))
      ctx.addIssue({ code: "custom", message: describeEnvironmentProblem(problem) });
    return vars;
  });

export const handlerField = z.string().regex(HANDLER_RE, "No spaces, at most 128 characters");
export const ephemeralStorageField = z.coerce
  .number()
  .int()
  .min(EPHEMERAL_STORAGE.min, `At least ${EPHEMERAL_STORAGE.min} MB`)
  .max(EPHEMERAL_STORAGE.max, `At most ${EPHEMERAL_STORAGE.max} MB`);

/** Fields every new function has, zip or image, with the API's limits. */
export const commonFunctionFields = {
  functionName: z
    .string()
    .trim()
    .regex(FUNCTION_NAME, "1-64 letters, digits, hyphens or underscores"),
  architecture: z.enum(["x86_64", "arm64"]),
  memorySize: z.coerce
    .number()
    .int("Whole MB")
    .min(MEMORY_SIZE.min, `At least ${MEMORY_SIZE.min} MB`)
    .max(MEMORY_SIZE.max, `At most ${MEMORY_SIZE.max} MB`),
  timeout: z.coerce
    .number()
    .int("Whole seconds")
    .min(TIMEOUT.min, `At least ${TIMEOUT.min} s`)
    .max(TIMEOUT.max, `At most ${TIMEOUT.max} s`),
  description: z.string().max(DESCRIPTION_MAX, `At most ${DESCRIPTION_MAX} characters`).default(""),
  environment: environmentText,
  role: z.string().trim().regex(ROLE_ARN, "An IAM role ARN (arn:aws:iam::<account>:role/<name>)"),
};

export const createFunctionSchema = z.object({
  ...commonFunctionFields,
  runtime: z.string().min(1, "Choose a runtime"),
  handler: handlerField,
  blueprintId: z.string().optional(),
});

export type CreateFunctionInput = z.input<typeof createFunctionSchema>;

/** Which form field an API refusal is about, from its message, so it shows by that field. */
export function fieldForApiError(message: string): keyof CreateFunctionInput | "_form" {
  const m = message.toLowerCase();
  if (/already exist|function name|functionname/.test(m)) return "functionName";
  if (/memory/.test(m)) return "memorySize";
  if (/timeout/.test(m)) return "timeout";
  if (/handler/.test(m)) return "handler";
  if (/runtime/.test(m)) return "runtime";
  if (/role/.test(m)) return "role";
  if (/architecture/.test(m)) return "architecture";
  if (/environment|variable/.test(m)) return "environment";
  if (/description/.test(m)) return "description";
  return "_form";
}
