import { describe, expect, it } from "vitest";
import { DEFAULT_ROLE_MAP, loadRoleMapping, readGroupsClaim, resolveRole } from "./role-map";

describe("role mapping", () => {
  const defaults = loadRoleMapping({});

  it("defaults to the groups claim and the lambda-* groups", () => {
    expect(defaults).toEqual({ claim: "groups", groups: DEFAULT_ROLE_MAP });
    expect(resolveRole(["lambda-viewers"], defaults)).toBe("viewer");
    expect(resolveRole(["lambda-developers"], defaults)).toBe("developer");
    expect(resolveRole(["lambda-operators"], defaults)).toBe("operator");
    expect(resolveRole(["lambda-admins"], defaults)).toBe("admin");
  });

  it("picks the strongest role among several groups and null when none maps", () => {
    expect(
      resolveRole(["staff", "lambda-viewers", "lambda-operators", "lambda-developers"], defaults),
    ).toBe("operator");
    expect(resolveRole(["staff", "toString", "__proto__"], defaults)).toBeNull();
    expect(resolveRole([], defaults)).toBeNull();
  });

  it("reads AUTH_ROLES_CLAIM and AUTH_ROLE_MAP, rejecting unknown roles and bad JSON", () => {
    const m = loadRoleMapping({
      AUTH_ROLES_CLAIM: "realm_access.roles",
      AUTH_ROLE_MAP: '{"ops":"operator","devs":"developer"}',
    });
    expect(m.claim).toBe("realm_access.roles");
    expect(resolveRole(["devs"], m)).toBe("developer");
    expect(resolveRole(["lambda-admins"], m)).toBeNull();
    expect(() => loadRoleMapping({ AUTH_ROLE_MAP: '{"x":"root"}' })).toThrow(
      /roles are viewer, developer, operator, admin/,
    );
    expect(() => loadRoleMapping({ AUTH_ROLE_MAP: "{nope" })).toThrow(/not valid JSON/);
    expect(() => loadRoleMapping({ AUTH_ROLE_MAP: '["a"]' })).toThrow(/JSON object/);
  });

  it("reads groups as arrays, strings and nested claims", () => {
    expect(readGroupsClaim({ groups: ["a", 1, "b"] }, "groups")).toEqual(["a", "b"]);
    expect(readGroupsClaim({ groups: "a, b c" }, "groups")).toEqual(["a", "b", "c"]);
    expect(readGroupsClaim({ realm_access: { roles: ["x"] } }, "realm_access.roles")).toEqual([
      "x",
    ]);
    expect(
      readGroupsClaim({ "https://lc.example/groups": ["ns"] }, "https://lc.example/groups"),
    ).toEqual(["ns"]);
    expect(readGroupsClaim({}, "groups")).toEqual([]);
    expect(readGroupsClaim({ groups: null }, "groups.deeper")).toEqual([]);
  });
});
