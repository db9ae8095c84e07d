import { z } from "zod";
import { BLUEPRINT_FEATURES } from "./features";
import { USE_CASES } from "./use-cases";
import { describeEnvironmentProblem, environmentProblems } from "../lambda-rules/environment";
import { HANDLER_RE, MEMORY_SIZE, TIMEOUT } from "../lambda-rules/function-fields";

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);

/** Lambda's own limits, so a manifest that validates here also passes CreateFunction. */
const RUNTIME_ID =
  /^(nodejs\d+\.x|python3\.\d+|java\d+|dotnet\d+|ruby\d+\.\d+|provided(\.al2|\.al2023)?)$/;

export const blueprintManifestSchema = z
  .object({
    id: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]{1,62}$/,
        "lowercase letters, digits and dashes (2-63), also a valid function name",
      ),
    title: z.string().min(1).max(80),
    description: z.string().min(1).max(500),
    runtime: z
      .string()
      .regex(
        RUNTIME_ID,
        "a Lambda runtime identifier such as nodejs22.x, python3.13 or provided.al2023",
      ),
    handler: z.string().regex(HANDLER_RE, "no whitespace, at most 128 characters"),
    memorySize: z.number().int().min(MEMORY_SIZE.min).max(MEMORY_SIZE.max),
    timeout: z.number().int().min(TIMEOUT.min).max(TIMEOUT.max),
    environment: z
      .record(z.string(), z.string())
      .superRefine((vars, ctx) => {
        // Checked here rather than as a key schema so the message names the variable.
        for (const p of environmentProblems(vars)) {
          const keys = p.kind === "key-pattern" ? [p.key] : p.kind === "reserved" ? p.keys : [];
          if (keys.length === 0)
            ctx.addIssue({ code: "custom", message: describeEnvironmentProblem(p) });
          for (const key of keys)
            ctx.addIssue({
              code: "custom",
              path: [key],
              message: p.kind === "reserved" ? "reserved by Lambda" : describeEnvironmentProblem(p),
            });
        }
      })
      .default({}),
    /** Free keywords for search. */
    tags: z.array(z.string().min(1).max(40)).max(20).default([]),
    useCases: z.array(z.enum(USE_CASES)).min(1),
    sampleEvent: jsonValueSchema,
    /** What a correct invocation with sampleEvent returns: a pattern for matchExpected. */
    expected: z.object({ description: z.string().min(1), match: jsonValueSchema }).strict(),
    requires: z.array(z.enum(BLUEPRINT_FEATURES)).default([]),
    /**
     * A layer the function uses, from the folder's layer/ (its files land in /opt): published
     * (or its identical latest version reused) before the function is created.
     */
    layer: z
      .object({
        name: z.string().regex(/^[a-zA-Z0-9-_]{1,140}$/, "a layer name (letters, digits, - and _)"),
        description: z.string().max(256).default(""),
        compatibleRuntimes: z.array(z.string().regex(RUNTIME_ID)).max(15).default([]),
        licenseInfo: z.string().max(512).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type BlueprintManifest = z.infer<typeof blueprintManifestSchema>;

/** One line per problem, `path: message`, for the gallery's error list. */
export function formatZodIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`);
}
