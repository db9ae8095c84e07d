import { roleOnTarget, type AccessGrant } from "@/lib/access/grants";
import type { Target } from "@/lib/targets/types";

/** Group × target table: the role each group gives on each target ("—": none). */
export function AccessMatrix({ grants, targets }: { grants: AccessGrant[]; targets: Target[] }) {
  const groups = [...new Set(grants.map((g) => g.group))];
  return (
    <section>
      <h2 className="mb-2 text-sm font-medium">Roles by group and target</h2>
      <table className="w-full border-collapse text-left text-sm" aria-label="Roles by target">
        <thead className="border-b border-zinc-200 text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th className="py-2 pr-3 font-medium">Group</th>
            {targets.map((t) => (
              <th key={t.id} className="py-2 pr-3 font-medium">
                {t.label} <span className="text-xs font-normal">({t.environment})</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr key={group} className="border-b border-zinc-100 dark:border-zinc-800">
              <td className="py-2 pr-3 font-mono text-xs">{group}</td>
              {targets.map((t) => (
                <td key={t.id} className="py-2 pr-3">
                  {roleOnTarget([group], t, grants) ?? "—"}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
