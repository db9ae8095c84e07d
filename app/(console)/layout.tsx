import type { ReactNode } from "react";
import { requireSignedIn, navRole } from "@/lib/auth/signed-in";
import { getCurrentTarget } from "@/lib/targets/current-target";
import { TARGET_COLOR_CLASSES } from "@/components/ui/target-colors";
import { SideNav } from "@/components/shell/side-nav";
import { TargetSwitcher } from "@/components/shell/target-switcher";
import { UserMenu } from "@/components/shell/user-menu";
import { TargetRole } from "@/components/access/target-role";
import { TypedConfirmHost } from "@/components/access/typed-confirm";
import { ConfigProblems } from "@/components/shell/config-problems";
import { switchTarget } from "./actions";
import { CommandPaletteMount } from "@/components/command-palette/mount";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  // Any role on any target: the header (and its switcher) must show even where the user has none.
  const session = await requireSignedIn();
  const { targets, current, problems } = await getCurrentTarget();
  const switcherTargets = targets.map(({ id, label, environment, color }) => ({
    id,
    label,
    environment,
    color,
  }));

  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-20 border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        {/* The target's colour across the top, so production is never mistaken for local. */}
        <div aria-hidden className={`h-1 ${TARGET_COLOR_CLASSES[current.color].bar}`} />
        <div className="flex h-14 items-center justify-between gap-4 px-4">
          <span className="text-base font-semibold tracking-tight">Lambda Console</span>
          <div className="flex items-center gap-4">
            <TargetSwitcher
              targets={switcherTargets}
              currentId={current.id}
              switchAction={switchTarget}
            />
            <TargetRole role={session.role} targetLabel={current.label} />
            <UserMenu session={session} />
          </div>
        </div>
      </header>
      <ConfigProblems problems={problems} />
      <div className="flex flex-1">
        <aside className="w-52 shrink-0 border-r border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <SideNav role={navRole(session)} />
        </aside>
        <main className="min-w-0 flex-1 px-8 py-6">{children}</main>
      </div>
      <CommandPaletteMount role={navRole(session)} />
      <TypedConfirmHost />
    </div>
  );
}
