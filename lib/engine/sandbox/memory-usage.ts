import fs from "node:fs";

function children(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .split(" ")
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function hwmBytes(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Peak resident memory of a process tree (sum of each process's VmHWM), when no cgroup measures it. */
export function processTreePeakBytes(rootPid: number): number {
  let total = 0;
  const seen = new Set<number>();
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop() ?? 0;
    if (seen.has(pid) || seen.size > 64) continue;
    seen.add(pid);
    total += hwmBytes(pid);
    stack.push(...children(pid));
  }
  return total;
}
