"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { hasPermission, type Role } from "@/lib/access/permissions";
import { NAV_ITEMS } from "./nav-items";

function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function SideNav({ role }: { role: Role }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-0.5 p-3">
      {NAV_ITEMS.filter((item) => !item.permission || hasPermission(role, item.permission)).map(
        (item) => {
          const active = isActive(pathname, item.href);
          return (
            <Link
              key={item.href}
              href={item.href}
              // Every console page is rendered per request: prefetching the whole nav on each page
              // load sent ~24 requests that competed with the page's own data (issue 18: the
              // functions list at 5,000 streamed 1.7–3.2 s without them, 3.4–5.1 s with them).
              prefetch={false}
              aria-current={active ? "page" : undefined}
              className={
                active
                  ? "rounded-md bg-zinc-200 px-3 py-2 text-sm font-medium text-zinc-900 dark:bg-zinc-800 dark:text-zinc-50"
                  : "rounded-md px-3 py-2 text-sm text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-900 dark:hover:text-zinc-50"
              }
            >
              {item.label}
            </Link>
          );
        },
      )}
    </nav>
  );
}
