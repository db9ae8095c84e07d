/**
 * Hostile functions against the sandbox boundary (see hostile-hijack.spec.ts): no open file of a
 * host-side process reaches a sandbox. The spawn helper holds Node's IPC channel to the engine
 * (whoever writes there hands the engine sockets) and the pipes of every sandbox it starts; the
 * engine holds its listeners and every environment's sockets. A function that found one of them
 * among the open files of its sandbox could talk to the engine past the Runtime API.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect } from "vitest";
import { LONG, createZipFunction, invokeJson } from "@/test/support/security/security-engine";
import { securityTest } from "@/test/support/fixtures";

const test = securityTest("lc-hostile-fds-");

/** Every open file of every process the function can see, as /proc shows its link. */
const FD_LISTER = `
const fs = require("node:fs");
exports.handler = async () => {
  const held = [];
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\\d+$/.test(p))) {
    let fds = [];
    try { fds = fs.readdirSync("/proc/" + pid + "/fd"); } catch { continue; }
    for (const fd of fds) {
      try { held.push({ pid: Number(pid), fd: Number(fd), link: fs.readlinkSync("/proc/" + pid + "/fd/" + fd) }); } catch {}
    }
  }
  return { pid: process.pid, held };
};`;

interface Held {
  pid: number;
  fd: number;
  link: string;
}

/** socket:[N] and pipe:[N] inodes among `pid`'s open files. */
function hostInodes(pid: number | "self"): Set<string> {
  const out = new Set<string>();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      const link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (/^(socket|pipe):\[\d+\]$/.test(link)) out.add(link);
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

describe("a function cannot hold a host-side process's sockets or pipes", () => {
  test(
    "the sandbox's open files share no socket or pipe with the spawn helper or the engine",
    async ({ security: t }) => {
      await createZipFunction(t, "fd-lister", "nodejs20.x", { "index.js": FD_LISTER });
      const r = await invokeJson<{ pid: number; held: Held[] }>(t, "fd-lister", {});
      const own = r.body.held.filter((h) => h.pid === r.body.pid);
      // Positive control: the function reads its own stdio (sockets to the engine) and more.
      expect(own.filter((h) => h.fd <= 2).map((h) => h.link)).toEqual([
        expect.stringMatching(/^socket:\[\d+\]$/),
        expect.stringMatching(/^socket:\[\d+\]$/),
        expect.stringMatching(/^socket:\[\d+\]$/),
      ]);
      // The engine runs in this process; its helper is this process's child.
      const helper = execFileSync("pgrep", ["-P", String(process.pid), "-f", "spawn-helper.py"], {
        encoding: "utf8",
      })
        .split("\n")
        .filter(Boolean)
        .map(Number);
      expect(helper).toHaveLength(1);
      const helperFiles = hostInodes(helper[0] ?? 0);
      // The helper's IPC channel to the engine is among what is compared.
      expect(fs.readlinkSync(`/proc/${helper[0]}/fd/3`)).toMatch(/^socket:\[\d+\]$/);
      expect(helperFiles.size).toBeGreaterThan(0);
      const hostFiles = new Set([...helperFiles, ...hostInodes("self")]);
      const shared = r.body.held.filter((h) => hostFiles.has(h.link));
      expect(shared).toEqual([]);
    },
    LONG,
  );
});
