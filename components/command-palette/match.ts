export interface PaletteItem {
  label: string;
  href: string;
  kind: "page" | "function" | "action";
  hint?: string;
}

/**
 * Ranks items for a query: exact prefix first, then word prefix, then substring, then
 * subsequence (fuzzy); items that match none are dropped. Stable within a rank.
 */
export function rankItems(items: readonly PaletteItem[], query: string, limit = 50): PaletteItem[] {
  const q = query.trim().toLowerCase();
  if (!q) return items.slice(0, limit);
  const scored: { item: PaletteItem; score: number; i: number }[] = [];
  items.forEach((item, i) => {
    const label = item.label.toLowerCase();
    let score = -1;
    if (label.startsWith(q)) score = 0;
    else if (label.split(/[\s\-_/.]+/).some((w) => w.startsWith(q))) score = 1;
    else if (label.includes(q)) score = 2;
    else {
      let j = 0;
      for (const ch of label) if (ch === q[j]) j++;
      if (j === q.length) score = 3;
    }
    if (score >= 0) scored.push({ item, score, i });
  });
  return scored
    .sort((a, b) => a.score - b.score || a.i - b.i)
    .slice(0, limit)
    .map((s) => s.item);
}
