import { z } from "zod";
import { commonFunctionFields, FUNCTION_NAME } from "../function-create/schema";

/** host[:port]/repository[:tag][@sha256:…], as Lambda's ImageUri (and the engine) accept it. */
const IMAGE_URI =
  /^[A-Za-z0-9.-]+(?::\d{1,5})?\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

const imageUri = z
  .string()
  .trim()
  .min(1, "Pick an image or paste its URI")
  .max(1024, "At most 1024 characters")
  .regex(IMAGE_URI, "registry/repository:tag or registry/repository@sha256:<digest>");

/**
 * An EntryPoint or Command override: a JSON array (["node","app.js"]) or comma-separated words,
 * as the Lambda console accepts it; empty keeps the image's own. Lambda allows 1500 strings.
 */
const commandList = z
  .string()
  .default("")
  .transform((text, ctx) => {
    const t = text.trim();
    if (!t) return [];
    if (t.startsWith("[")) {
      try {
        const parsed: unknown = JSON.parse(t);
        if (Array.isArray(parsed) && parsed.every((s) => typeof s === "string")) return parsed;
      } catch {
        // reported below
      }
      ctx.addIssue({ code: "custom", message: 'A JSON array of strings, e.g. ["node", "app.js"]' });
      return [];
    }
    const words = t.split(",").map((s) => s.trim());
    if (words.some((w) => w === "")) ctx.addIssue({ code: "custom", message: "An empty item" });
    if (words.length > 1500) ctx.addIssue({ code: "custom", message: "At most 1500 items" });
    return words;
  });

const workingDirectory = z
  .string()
  .trim()
  .max(1000, "At most 1000 characters")
  .refine((s) => s === "" || s.startsWith("/"), "An absolute path, e.g. /var/task")
  .default("");

const { functionName, ...otherFields } = commonFunctionFields;

// Field order is the form's order, so refusals are listed as the fields appear.
export const createImageFunctionSchema = z.object({
  functionName,
  imageUri,
  entryPoint: commandList,
  command: commandList,
  workingDirectory,
  ...otherFields,
});

export type CreateImageFunctionInput = z.input<typeof createImageFunctionSchema>;

export const deployImageSchema = z.object({
  functionName: z.string().regex(FUNCTION_NAME),
  imageUri,
  kind: z.enum(["deploy", "rollback"]).default("deploy"),
});

/** Which form field an API refusal is about, from its message. */
export function imageFieldForApiError(message: string): keyof CreateImageFunctionInput | "_form" {
  const m = message.toLowerCase();
  if (/already exist|function name/.test(m)) return "functionName";
  if (/imageuri|image uri|image/.test(m) && !/imageconfig/.test(m)) return "imageUri";
  if (/entrypoint/.test(m)) return "entryPoint";
  if (/command/.test(m)) return "command";
  if (/workingdirectory/.test(m)) return "workingDirectory";
  if (/memory/.test(m)) return "memorySize";
  if (/timeout/.test(m)) return "timeout";
  if (/role/.test(m)) return "role";
  if (/architecture/.test(m)) return "architecture";
  if (/environment|variable/.test(m)) return "environment";
  return "_form";
}
