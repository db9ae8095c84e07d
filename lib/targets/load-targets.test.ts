import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadTargets, parseTargetsJson } from "./load-targets";
import { resolveLocalCredentials, resolveLocalTarget } from "./local-target";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lc-targets-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const prod = {
  id: "prod-eu",
  label: "Production (eu-west-1)",
  profile: "prod",
  region: "eu-west-1",
  color: "red",
  environment: "production",
};

describe("loadTargets", () => {
  it("always has the local engine target, built from the engine env vars", () => {
    const { targets, problems } = loadTargets({
      env: { LAMBDA_ENGINE_PORT: "9101", LAMBDA_ENGINE_REGION: "eu-central-1" },
      cwd: dir,
    });
    expect(problems).toEqual([]);
    expect(targets).toEqual([
      {
        id: "local",
        label: "Local engine",
        kind: "local",
        region: "eu-central-1",
        environment: "local",
        color: "green",
        endpoint: "http://127.0.0.1:9101",
      },
    ]);
    expect(resolveLocalTarget({}).endpoint).toBe("http://127.0.0.1:9001");
    expect(resolveLocalTarget({}).region).toBe("us-east-1");
  });

  it("reads lambda-console.config.json from the project root and LAMBDA_CONSOLE_TARGETS", () => {
    fs.writeFileSync(
      path.join(dir, "lambda-console.config.json"),
      JSON.stringify({ targets: [prod] }),
    );
    const env = {
      LAMBDA_CONSOLE_TARGETS: JSON.stringify({
        targets: [{ id: "staging", profile: "stg", region: "us-west-2", environment: "staging" }],
      }),
    };
    const { targets, problems } = loadTargets({ env, cwd: dir });
    expect(problems).toEqual([]);
    expect(targets.map((t) => t.id)).toEqual(["local", "prod-eu", "staging"]);
    expect(targets[1]).toEqual({ ...prod, kind: "aws" });
    // Defaults: label from profile and region, colour from the environment.
    expect(targets[2]).toMatchObject({ label: "stg (us-west-2)", color: "amber", kind: "aws" });
  });

  it("reports an invalid config file instead of throwing, and keeps the local target", () => {
    const file = path.join(dir, "custom.json");
    fs.writeFileSync(file, JSON.stringify({ targets: [{ id: "Bad Id", region: "mars" }] }));
    const { targets, problems } = loadTargets({ env: { LAMBDA_CONSOLE_CONFIG: file }, cwd: dir });
    expect(targets.map((t) => t.id)).toEqual(["local"]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.source).toBe(file);
    expect(problems[0]?.message).toContain("targets[0].id: use lower-case letters");
    expect(problems[0]?.message).toContain('targets[0].region: a region such as "eu-west-1"');
  });

  it("reports broken JSON, unknown keys, a reserved id, duplicates and a missing explicit file", () => {
    expect(parseTargetsJson("x", "{ nope").problem?.message).toMatch(/^not valid JSON/);
    expect(
      parseTargetsJson("x", JSON.stringify({ targets: [{ ...prod, secretAccessKey: "s" }] }))
        .problem?.message,
    ).toMatch(/secretAccessKey/);
    expect(
      parseTargetsJson("x", JSON.stringify({ targets: [{ ...prod, id: "local" }] })).problem
        ?.message,
    ).toContain('"local" is reserved');
    expect(
      parseTargetsJson("x", JSON.stringify({ targets: [{ ...prod, endpoint: "ftp://x" }] })).problem
        ?.message,
    ).toContain("targets[0].endpoint");

    const env = {
      LAMBDA_CONSOLE_CONFIG: path.join(dir, "missing.json"),
      LAMBDA_CONSOLE_TARGETS: JSON.stringify({ targets: [prod, prod] }),
    };
    const { targets, problems } = loadTargets({ env, cwd: dir });
    expect(targets.map((t) => t.id)).toEqual(["local", "prod-eu"]);
    expect(problems.map((p) => p.message)).toEqual([
      "file not found (LAMBDA_CONSOLE_CONFIG)",
      'duplicate target id "prod-eu" ignored',
    ]);
  });

  it("treats a missing default config file as no extra targets", () => {
    expect(loadTargets({ env: {}, cwd: dir })).toEqual({
      targets: [resolveLocalTarget({})],
      problems: [],
      grants: [],
    });
  });
});

describe("resolveLocalCredentials", () => {
  it("prefers the env vars, else reads the engine's credentials file", () => {
    expect(
      resolveLocalCredentials({
        LAMBDA_ENGINE_ACCESS_KEY_ID: "AKIDENV",
        LAMBDA_ENGINE_SECRET_ACCESS_KEY: "secret",
        LAMBDA_CONSOLE_DATA_DIR: dir,
      }),
    ).toEqual({ ok: true, credentials: { accessKeyId: "AKIDENV", secretAccessKey: "secret" } });

    const missing = resolveLocalCredentials({ LAMBDA_CONSOLE_DATA_DIR: dir });
    expect(missing.ok).toBe(false);

    fs.writeFileSync(
      path.join(dir, "engine-credentials.json"),
      JSON.stringify({ accessKeyId: "AKIDFILE", secretAccessKey: "s2" }),
    );
    expect(resolveLocalCredentials({ LAMBDA_CONSOLE_DATA_DIR: dir })).toEqual({
      ok: true,
      credentials: { accessKeyId: "AKIDFILE", secretAccessKey: "s2" },
    });

    fs.writeFileSync(path.join(dir, "engine-credentials.json"), "[]");
    expect(resolveLocalCredentials({ LAMBDA_CONSOLE_DATA_DIR: dir })).toMatchObject({ ok: false });
  });
});

describe("lambda-console.config.example.json", () => {
  it("is a valid configuration", () => {
    const example = path.resolve(import.meta.dirname, "../../lambda-console.config.example.json");
    const { targets, problems } = loadTargets({
      env: { LAMBDA_CONSOLE_CONFIG: example },
      cwd: dir,
    });
    expect(problems).toEqual([]);
    expect(targets.map((t) => `${t.id}:${t.color}`)).toEqual([
      "local:green",
      "prod-eu:red",
      "staging-us:amber",
    ]);
  });
});

it("says which field is missing in plain words", () => {
  const result = parseTargetsJson("x", JSON.stringify({ targets: [{ id: "a" }] }));
  expect(result.problem?.message).toBe("targets[0].region: required");
});
