import { z } from "zod";
import { accessGrantSchema } from "../access/grants";
import { ENVIRONMENT_COLORS, TARGET_COLORS, TARGET_ENVIRONMENTS, type Target } from "./types";

/** "required" instead of zod's "expected string, received undefined". */
const required = {
  error: (issue: { input?: unknown }) => (issue.input === undefined ? "required" : undefined),
};

const targetEntrySchema = z
  .object({
    id: z
      .string(required)
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "use lower-case letters, digits and dashes (max 63)")
      .refine((id) => id !== "local", '"local" is reserved for the local engine'),
    label: z.string().trim().min(1).max(80).optional(),
    profile: z.string().trim().min(1).optional(),
    region: z.string(required).regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'a region such as "eu-west-1"'),
    environment: z.enum(TARGET_ENVIRONMENTS).default("development"),
    color: z.enum(TARGET_COLORS).optional(),
    endpoint: z.url({ protocol: /^https?$/ }).optional(),
  })
  .strict();

export const targetsConfigSchema = z
  .object({
    targets: z.array(targetEntrySchema).default([]),
    // Roles per target (issue 13): which IdP group gets which role where (lib/access/grants.ts).
    access: z.array(accessGrantSchema).optional(),
  })
  .strict();

export type TargetsConfig = z.infer<typeof targetsConfigSchema>;

/** Turns validated config entries into targets, filling label and colour defaults. */
export function toTargets(config: TargetsConfig): Target[] {
  return config.targets.map((entry) => ({
    id: entry.id,
    label: entry.label ?? `${entry.profile ?? "default"} (${entry.region})`,
    kind: "aws",
    region: entry.region,
    environment: entry.environment,
    color: entry.color ?? ENVIRONMENT_COLORS[entry.environment],
    ...(entry.profile ? { profile: entry.profile } : {}),
    ...(entry.endpoint ? { endpoint: entry.endpoint } : {}),
  }));
}

/** One line per issue, e.g. `targets[0].region: a region such as "eu-west-1"`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path
        .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
        .join("");
      return where ? `${where}: ${issue.message}` : issue.message;
    })
    .join("; ");
}
