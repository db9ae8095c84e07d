"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { fetchAllPages } from "../function-table/fetch-pages";
import { rankItems, type PaletteItem } from "./match";

export interface CommandPaletteProps {
  pages: { href: string; label: string }[];
}

/** Ctrl/Cmd-K: jump to any page or function (function names load on first open, all pages). */
export function CommandPalette({ pages }: CommandPaletteProps) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const [functions, setFunctions] = useState<string[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setOpen((o) => !o);
      }
      if (e.key === "Escape") setOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    if (!open) return;
    input.current?.focus();
    if (functions !== null) return;
    const abort = new AbortController();
    void (async () => {
      const names: string[] = [];
      for await (const page of fetchAllPages(abort.signal)) {
        if (abort.signal.aborted) return;
        if (page.error) {
          setLoadError(page.error);
          break;
        }
        names.push(...page.functions.map((f) => f.name));
        setFunctions([...names]);
      }
    })();
    return () => abort.abort();
  }, [open, functions]);

  const items = useMemo<PaletteItem[]>(
    () => [
      ...pages.map((p) => ({ label: p.label, href: p.href, kind: "page" as const })),
      { label: "Create function", href: "/functions/new", kind: "action" as const },
      ...(functions ?? []).map((name) => ({
        label: name,
        href: `/functions/${encodeURIComponent(name)}`,
        kind: "function" as const,
      })),
    ],
    [pages, functions],
  );
  const results = useMemo(() => rankItems(items, query), [items, query]);
  if (!open) return null;

  const go = (item: PaletteItem | undefined) => {
    if (!item) return;
    setOpen(false);
    setQuery("");
    router.push(item.href);
  };

  return (
    <div
      className="fixed inset-0 z-50 flex items-start justify-center bg-black/30 pt-24"
      onClick={() => setOpen(false)}
    >
      <div
        role="dialog"
        aria-label="Command palette"
        aria-modal="true"
        className="w-full max-w-lg overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xl dark:border-zinc-800 dark:bg-zinc-900"
        onClick={(e) => e.stopPropagation()}
      >
        <input
          ref={input}
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-results"
          aria-label="Jump to a function or page"
          placeholder="Jump to a function or page…"
          className="w-full border-b border-zinc-200 px-4 py-3 text-sm outline-none dark:border-zinc-800 dark:bg-zinc-900"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") {
              e.preventDefault();
              setActive((a) => Math.min(a + 1, results.length - 1));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === "Enter") {
              e.preventDefault();
              go(results[active]);
            }
          }}
        />
        <ul id="palette-results" role="listbox" className="max-h-80 overflow-auto py-1 text-sm">
          {results.map((item, i) => (
            <li
              key={`${item.kind}:${item.href}`}
              role="option"
              aria-selected={i === active}
              className={`flex cursor-pointer justify-between px-4 py-1.5 ${i === active ? "bg-blue-50 dark:bg-blue-950/50" : ""}`}
              onMouseEnter={() => setActive(i)}
              onClick={() => go(item)}
            >
              <span className="truncate">{item.label}</span>
              <span className="text-xs text-zinc-500">{item.kind}</span>
            </li>
          ))}
          {results.length === 0 ? (
            <li className="px-4 py-2 text-zinc-500">Nothing matches.</li>
          ) : null}
        </ul>
        <p className="border-t border-zinc-200 px-4 py-1.5 text-xs text-zinc-500 dark:border-zinc-800">
          {loadError
            ? `Functions could not be loaded: ${loadError}`
            : functions === null
              ? "Loading functions…"
              : `${functions.length} functions`}{" "}
          · ↑↓ to move, Enter to open, Esc to close
        </p>
      </div>
    </div>
  );
}
