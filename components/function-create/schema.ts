import { z } from "zod";

/** Lambda's own rules, checked in the browser before submit and again by the action. */
export const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const ENV_KEY = /^[a-zA-Z]\w*$/;
const RESERVED_ENV =
  /^(AWS_REGION|AWS_DEFAULT_REGION|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|AWS_LAMBDA_\w+|AWS_EXECUTION_ENV|_HANDLER|_X_AMZN_TRACE_ID|LAMBDA_TASK_ROOT|LAMBDA_RUNTIME_DIR|AWS_XRAY_\w+)$/;

/** "KEY=value" per line; blank lines ignored. */
export const environmentText = z
  .string()
  .default("")
  .transform((text, ctx) => {
    const vars: Record<string, string> = {};
    for (const [i, line] of text.split(/\r?\n/).entries()) {
      if (!line.trim()) continue;
      const eq = line.indexOf("=");
      const key = eq > 0 ? line.slice(0, eq).trim() : "";
      if (!ENV_KEY.test(key)) {
        ctx.addIssue({ code: "custom", message: `Line ${i + 1}: expected KEY=value` });
        continue;
      }
      if (RESERVED_ENV.test(key)) {
        ctx.addIssue({ code: "custom", message: `Line ${i + 1}: ${key} is reserved by Lambda` });
        continue;
      }
      vars[key] = line.slice(eq + 1);
    }
    const size = JSON.stringify(vars).length;
    if (size > 4096)
      ctx.addIssue({ code: "custom", message: "At most 4 KB of variables in total" });
    return vars;
  });

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
    .min(128, "At least 128 MB")
    .max(10240, "At most 10240 MB"),
  timeout: z.coerce.number().int("Whole seconds").min(1, "At least 1 s").max(900, "At most 900 s"),
  description: z.string().max(256, "At most 256 characters").default(""),
  environment: environmentText,
  role: z.string().trim().regex(ROLE_ARN, "An IAM role ARN (arn:aws:iam::<account>:role/<name>)"),
};

export const createFunctionSchema = z.object({
  ...commonFunctionFields,
  runtime: z.string().min(1, "Choose a runtime"),
  handler: z.string().regex(/^[^\s]{1,128}$/, "No spaces, at most 128 characters"),
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
