import type { TargetColor } from "@/lib/targets/types";

/** Literal class names per colour (Tailwind only generates classes it can see in the source). */
export const TARGET_COLOR_CLASSES: Readonly<
  Record<TargetColor, { dot: string; bar: string; pill: string }>
> = {
  green: {
    dot: "bg-emerald-500",
    bar: "bg-emerald-500",
    pill: "bg-emerald-100 text-emerald-900 ring-emerald-600/30 dark:bg-emerald-900/40 dark:text-emerald-200",
  },
  blue: {
    dot: "bg-sky-500",
    bar: "bg-sky-500",
    pill: "bg-sky-100 text-sky-900 ring-sky-600/30 dark:bg-sky-900/40 dark:text-sky-200",
  },
  amber: {
    dot: "bg-amber-500",
    bar: "bg-amber-500",
    pill: "bg-amber-100 text-amber-900 ring-amber-600/30 dark:bg-amber-900/40 dark:text-amber-200",
  },
  red: {
    dot: "bg-red-600",
    bar: "bg-red-600",
    pill: "bg-red-100 text-red-900 ring-red-600/40 dark:bg-red-900/50 dark:text-red-200",
  },
  violet: {
    dot: "bg-violet-500",
    bar: "bg-violet-500",
    pill: "bg-violet-100 text-violet-900 ring-violet-600/30 dark:bg-violet-900/40 dark:text-violet-200",
  },
  gray: {
    dot: "bg-zinc-500",
    bar: "bg-zinc-500",
    pill: "bg-zinc-100 text-zinc-900 ring-zinc-600/30 dark:bg-zinc-800 dark:text-zinc-200",
  },
};
