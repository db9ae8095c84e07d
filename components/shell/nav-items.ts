import type { Permission } from "@/lib/access/permissions";

export interface NavItem {
  href: string;
  label: string;
  /** Shown only to roles with this permission (the page checks it again). */
  permission?: Permission;
}

/** The side navigation, in order. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Dashboard" },
  { href: "/functions", label: "Functions" },
  { href: "/layers", label: "Layers" },
  { href: "/blueprints", label: "Blueprints" },
  { href: "/images", label: "Images" },
  { href: "/file-systems", label: "File systems" },
  { href: "/code-signing", label: "Code signing" },
  { href: "/databases", label: "Databases" },
  { href: "/logs", label: "Logs" },
  { href: "/account", label: "Account" },
  { href: "/audit", label: "Audit", permission: "admin" },
  { href: "/users", label: "Users", permission: "admin" },
  { href: "/access", label: "Access", permission: "admin" },
];
