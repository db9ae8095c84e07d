export interface NavItem {
  href: string;
  label: string;
}

/** The side navigation, in order. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Dashboard" },
  { href: "/functions", label: "Functions" },
  { href: "/layers", label: "Layers" },
  { href: "/blueprints", label: "Blueprints" },
  { href: "/code-signing", label: "Code signing" },
  { href: "/logs", label: "Logs" },
  { href: "/account", label: "Account" },
];
