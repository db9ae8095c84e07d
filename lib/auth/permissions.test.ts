import { describe, expect, it } from "vitest";
import { checkPermission, PermissionError } from "./guard";
import {
  hasPermission,
  PERMISSIONS,
  ROLE_PERMISSIONS,
  ROLES,
  type Permission,
  type Role,
} from "../access/permissions";

/** The matrix written out by hand, so a change to the data is a visible change to this table. */
const EXPECTED: Record<Role, Permission[]> = {
  viewer: ["functions.read", "logs.read"],
  developer: ["functions.read", "functions.invoke", "functions.write", "logs.read"],
  operator: [
    "functions.read",
    "functions.invoke",
    "functions.write",
    "concurrency.write",
    "logs.read",
  ],
  admin: [
    "functions.read",
    "functions.invoke",
    "functions.write",
    "concurrency.write",
    "logs.read",
    "admin",
  ],
};

describe("role → permission matrix", () => {
  it("grants exactly the expected permissions to each role", () => {
    for (const role of ROLES) {
      const granted = PERMISSIONS.filter((p) => hasPermission(role, p));
      expect(granted, role).toEqual(EXPECTED[role]);
    }
  });

  it("each role includes everything the role below it has", () => {
    for (let i = 1; i < ROLES.length; i++) {
      const lower = ROLES[i - 1];
      const higher = ROLES[i];
      if (!lower || !higher) throw new Error("roles out of range");
      for (const p of ROLE_PERMISSIONS[lower]) expect(hasPermission(higher, p)).toBe(true);
    }
  });
});

describe("checkPermission", () => {
  it("refuses without a session and without the permission, with a clear message", () => {
    expect(() => checkPermission(null, "functions.read")).toThrow("You are not signed in.");
    const viewer = {
      user: { id: "v", name: "Viewer" },
      role: "viewer" as const,
      targetId: "local",
      targetEnvironment: "local" as const,
      consoleRole: "viewer" as const,
    };
    expect(() => checkPermission(viewer, "functions.write")).toThrow(PermissionError);
    expect(() => checkPermission(viewer, "functions.write")).toThrow(
      'Your role on target "local" does not allow this (it needs the "functions.write" permission).',
    );
    expect(checkPermission(viewer, "logs.read")).toEqual(viewer);
  });

  it("checks target permissions on the target's role and admin on the role held everywhere", () => {
    // Admin of the local engine only, operator elsewhere: not an admin of the console.
    const localAdmin = {
      user: { id: "a", name: "A" },
      role: "admin" as const,
      targetId: "local",
      targetEnvironment: "local" as const,
      consoleRole: "operator" as const,
    };
    expect(checkPermission(localAdmin, "concurrency.write").role).toBe("admin");
    expect(() => checkPermission(localAdmin, "admin")).toThrow(
      'Your role does not allow this (it needs the "admin" permission).',
    );
    // No role on this target: nothing there, not even reading.
    const elsewhere = { ...localAdmin, role: null, consoleRole: null };
    expect(() => checkPermission(elsewhere, "functions.read")).toThrow(PermissionError);
  });
});
