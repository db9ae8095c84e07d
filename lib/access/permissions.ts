/** Every permission the console checks. Pages, actions and route handlers name one of these. */
export const PERMISSIONS = [
  "functions.read",
  "functions.invoke",
  "functions.write",
  "concurrency.write",
  "logs.read",
  "admin",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ["viewer", "developer", "operator", "admin"] as const;

export type Role = (typeof ROLES)[number];

/**
 * The role → permissions matrix, as data so it can be shown, tested and changed in one place.
 * Each role includes everything the role before it has.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: ["functions.read", "logs.read"],
  developer: ["functions.read", "logs.read", "functions.invoke", "functions.write"],
  operator: [
    "functions.read",
    "logs.read",
    "functions.invoke",
    "functions.write",
    "concurrency.write",
  ],
  admin: PERMISSIONS,
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === "string" && (PERMISSIONS as readonly string[]).includes(value);
}
