import type { Role } from "@/lib/access/permissions";
import { hasPermission } from "@/lib/access/permissions";
import { NAV_ITEMS } from "../shell/nav-items";
import { CommandPalette } from "./command-palette";

/** Server side of the palette: the pages this role may open, and the action that lists functions. */
export function CommandPaletteMount({ role }: { role: Role }) {
  const pages = NAV_ITEMS.filter((n) => !n.permission || hasPermission(role, n.permission)).map(
    ({ href, label }) => ({ href, label }),
  );
  return <CommandPalette pages={pages} />;
}
