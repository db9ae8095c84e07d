import { describe, expect, it } from "vitest";
import { createFunctionSchema, ephemeralStorageField } from "@/components/function-create/schema";
import { blueprintManifestSchema } from "@/lib/blueprints/manifest";
import { parseConfigPatch } from "@/lib/engine/functions/validate";

/**
 * One rule set: the console's create form, the blueprint manifest and the engine's validation
 * refuse and accept the same values (they once disagreed on reserved AWS_* keys).
 */
const form = {
  functionName: "my-fn",
  runtime: "nodejs22.x",
  architecture: "x86_64",
  handler: "index.handler",
  memorySize: "128",
  timeout: "3",
  description: "",
  environment: "",
  role: "arn:aws:iam::000000000000:role/lambda-role",
};
const manifest = {
  id: "agree",
  title: "Agree",
  description: "Agreement sample",
  runtime: "nodejs22.x",
  handler: "index.handler",
  memorySize: 128,
  timeout: 3,
  useCases: ["getting-started"],
  sampleEvent: {},
  expected: { description: "anything", match: {} },
};

function engineAccepts(body: Record<string, unknown>): boolean {
  try {
    parseConfigPatch({ Role: form.role, ...body });
    return true;
  } catch {
    return false;
  }
}

const envSamples: [string, Record<string, string>, boolean][] = [
  ["plain keys", { STAGE: "dev", DB_HOST_2: "x" }, true],
  ["AWS_LAMBDA_EXEC_WRAPPER is not reserved", { AWS_LAMBDA_EXEC_WRAPPER: "/opt/w" }, true],
  ["AWS_XRAY_CONTEXT_MISSING is not reserved", { AWS_XRAY_CONTEXT_MISSING: "LOG_ERROR" }, true],
  ["AWS_REGION is reserved", { AWS_REGION: "x" }, false],
  ["AWS_ACCESS_KEY_ID is reserved", { AWS_ACCESS_KEY_ID: "x" }, false],
  ["_HANDLER is reserved", { _HANDLER: "x" }, false],
  ["LAMBDA_TASK_ROOT is reserved", { LAMBDA_TASK_ROOT: "x" }, false],
  ["a one-letter key breaks the pattern", { A: "1" }, false],
  ["a key starting with a digit", { "1AB": "1" }, false],
  ["a dash in a key", { "MY-KEY": "1" }, false],
  ["just under 4 KB", { BIG: "x".repeat(4096 - '{"BIG":""}'.length) }, true],
  ["just over 4 KB", { BIG: "x".repeat(4097 - '{"BIG":""}'.length) }, false],
  ["4 KB counted in UTF-8 bytes", { BIG: "é".repeat(2045) }, false],
];

describe("environment variables: console form, blueprint manifest and engine agree", () => {
  for (const [what, vars, accepted] of envSamples) {
    it(`${what}: ${accepted ? "accepted" : "refused"} by all three`, () => {
      const text = Object.entries(vars)
        .map(([k, v]) => `${k}=${v}`)
        .join("\n");
      expect(createFunctionSchema.safeParse({ ...form, environment: text }).success).toBe(accepted);
      expect(blueprintManifestSchema.safeParse({ ...manifest, environment: vars }).success).toBe(
        accepted,
      );
      expect(engineAccepts({ Environment: { Variables: vars } })).toBe(accepted);
    });
  }
});

const fieldSamples: [string, Record<string, string>, Record<string, unknown>, boolean][] = [
  ["memory 128", { memorySize: "128" }, { MemorySize: 128 }, true],
  ["memory 10240", { memorySize: "10240" }, { MemorySize: 10240 }, true],
  ["memory 127", { memorySize: "127" }, { MemorySize: 127 }, false],
  ["memory 10241", { memorySize: "10241" }, { MemorySize: 10241 }, false],
  ["timeout 900", { timeout: "900" }, { Timeout: 900 }, true],
  ["timeout 0", { timeout: "0" }, { Timeout: 0 }, false],
  ["timeout 901", { timeout: "901" }, { Timeout: 901 }, false],
  ["description of 256", { description: "d".repeat(256) }, { Description: "d".repeat(256) }, true],
  ["description of 257", { description: "d".repeat(257) }, { Description: "d".repeat(257) }, false],
  ["handler with a space", { handler: "index .handler" }, { Handler: "index .handler" }, false],
  ["handler of 129", { handler: "h".repeat(129) }, { Handler: "h".repeat(129) }, false],
  [
    "role with a path",
    { role: "arn:aws:iam::000000000000:role/service/x" },
    { Role: "arn:aws:iam::000000000000:role/service/x" },
    true,
  ],
  ["role not an ARN", { role: "admin" }, { Role: "admin" }, false],
];

describe("function fields: console form and engine agree", () => {
  for (const [what, formPart, body, accepted] of fieldSamples) {
    it(`${what}: ${accepted ? "accepted" : "refused"} by both`, () => {
      expect(createFunctionSchema.safeParse({ ...form, ...formPart }).success).toBe(accepted);
      expect(engineAccepts(body)).toBe(accepted);
    });
  }
});

describe("ephemeral storage: configuration form and engine agree", () => {
  for (const [size, accepted] of [
    [511, false],
    [512, true],
    [10240, true],
    [10241, false],
  ] as const) {
    it(`${size} MB: ${accepted ? "accepted" : "refused"} by both`, () => {
      expect(ephemeralStorageField.safeParse(String(size)).success).toBe(accepted);
      expect(engineAccepts({ EphemeralStorage: { Size: size } })).toBe(accepted);
    });
  }
});
