import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadAccessPolicy, rolesFor } from "./access-policy";
import { consoleWideRole, roleOnTarget } from "../access/grants";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lc-access-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The example: developers everywhere, prod operators on production only. */
const config = {
  targets: [
    { id: "prod-eu", region: "eu-west-1", environment: "production", profile: "prod" },
    { id: "staging-us", region: "us-east-1", environment: "staging", profile: "stg" },
  ],
  access: [
    { group: "lambda-developers", role: "developer", targets: ["*"] },
    { group: "lambda-prod-operators", role: "operator", targets: ["production"] },
    { group: "lambda-admins", role: "admin" },
    { group: "stg-viewers", role: "viewer", targets: ["staging-us"] },
  ],
};

function policy(env: Record<string, string> = {}) {
  const file = path.join(dir, "targets.json");
  fs.writeFileSync(file, JSON.stringify(config));
  return loadAccessPolicy({ LAMBDA_CONSOLE_CONFIG: file, ...env }, dir);
}

function roleMap(groups: string[], env: Record<string, string> = {}) {
  const r = rolesFor(groups, policy(env));
  return {
    byTarget: Object.fromEntries(r.roles.map((x) => [x.target.id, x.role])),
    console: r.consoleRole,
  };
}

describe("roles per target", () => {
  it("gives each group its role on the targets it names, by id, environment or *", () => {
    expect(policy().problems).toEqual([]);
    expect(roleMap(["lambda-developers"]).byTarget).toEqual({
      local: "developer",
      "prod-eu": "developer",
      "staging-us": "developer",
    });
    expect(roleMap(["lambda-prod-operators"]).byTarget).toEqual({
      local: null,
      "prod-eu": "operator",
      "staging-us": null,
    });
    // Several groups: the strongest role on each target.
    expect(roleMap(["lambda-developers", "lambda-prod-operators"]).byTarget).toEqual({
      local: "developer",
      "prod-eu": "operator",
      "staging-us": "developer",
    });
    expect(roleMap(["stg-viewers"]).byTarget["staging-us"]).toBe("viewer");
    expect(roleMap(["staff"]).byTarget).toEqual({
      local: null,
      "prod-eu": null,
      "staging-us": null,
    });
  });

  it("makes only an admin of every target an admin of the console", () => {
    expect(roleMap(["lambda-admins"]).console).toBe("admin");
    expect(roleMap(["lambda-developers", "lambda-prod-operators"]).console).toBe("developer");
    expect(roleMap(["lambda-prod-operators"]).console).toBeNull();
    expect(consoleWideRole(["admin", "admin", null])).toBeNull();
    expect(consoleWideRole([])).toBeNull();
  });

  it("replaces the default lambda-* map when the file has grants; AUTH_ROLE_MAP still applies everywhere", () => {
    // lambda-operators is in the default map but not in the file's list.
    expect(roleMap(["lambda-operators"]).byTarget["prod-eu"]).toBeNull();
    const withEnv = roleMap(["team-x"], { AUTH_ROLE_MAP: '{"team-x":"viewer"}' });
    expect(withEnv.byTarget).toEqual({
      local: "viewer",
      "prod-eu": "viewer",
      "staging-us": "viewer",
    });
    // Without a file list, the defaults apply on every target.
    const none = loadAccessPolicy({}, dir);
    expect(rolesFor(["lambda-operators"], none).consoleRole).toBe("operator");
  });

  it("reports a grant naming an unknown target or environment and drops it (fails closed)", () => {
    const file = path.join(dir, "bad.json");
    fs.writeFileSync(
      file,
      JSON.stringify({
        targets: config.targets,
        access: [
          { group: "ops", role: "operator", targets: ["prod-eu", "prodution"] },
          { group: "devs", role: "developer", targets: ["staging"] },
        ],
      }),
    );
    const p = loadAccessPolicy({ LAMBDA_CONSOLE_CONFIG: file }, dir);
    expect(p.problems.map((x) => x.message)).toEqual([
      'access[0] (ops → operator) ignored: "prodution" is neither a target id nor an environment (local, development, staging, production, or "*")',
    ]);
    expect(p.grants.map((g) => g.group)).toEqual(["devs"]);
    expect(
      roleOnTarget(["ops"], { id: "prod-eu", environment: "production" }, p.grants),
    ).toBeNull();
  });

  it("explains a wrong role or a missing group in plain words", () => {
    const file = path.join(dir, "bad.json");
    fs.writeFileSync(
      file,
      JSON.stringify({ targets: [], access: [{ role: "root", targets: ["*"] }] }),
    );
    const p = loadAccessPolicy({ LAMBDA_CONSOLE_CONFIG: file }, dir);
    expect(p.problems[0]?.message).toContain("access[0].group");
    expect(p.problems[0]?.message).toContain(
      "access[0].role: one of viewer, developer, operator, admin",
    );
  });
});
