import "server-only";
import { cookies } from "next/headers";
import { loadTargets, type TargetList } from "./load-targets";
import { LOCAL_TARGET_ID } from "./local-target";
import type { Target } from "./types";

export const TARGET_COOKIE = "lc-target";

export interface CurrentTarget extends TargetList {
  current: Target;
}

/** The target chosen in the cookie, falling back to `local` when it is unset or unknown. */
export async function getCurrentTarget(): Promise<CurrentTarget> {
  const list = loadTargets();
  const chosen = (await cookies()).get(TARGET_COOKIE)?.value ?? LOCAL_TARGET_ID;
  const current =
    list.targets.find((t) => t.id === chosen) ??
    list.targets.find((t) => t.id === LOCAL_TARGET_ID) ??
    list.targets[0];
  if (!current) throw new Error("no targets: the local target is always present");
  return { ...list, current };
}
