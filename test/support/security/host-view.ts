/**
 * What the host side sees while hostile functions run: which host processes carry a string,
 * which loopback listeners exist and whose they are, the host's own addresses, and a verdict on
 * a function's route to the instance-metadata range. Reads /proc only; sends nothing anywhere.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import type { AddressInfo } from "node:net";

export interface ProcessHit {
  pid: number;
  comm: string;
  /** Where the string was found: the process's environment or its argv. */
  in: "environ" | "cmdline";
  label: string;
}

const nsOf = (pid: number | "self", ns: "net" | "mnt") => fs.readlinkSync(`/proc/${pid}/ns/${ns}`);

/**
 * Host-side processes (same network and mount namespace as this test) whose environment or
 * argv holds one of the needles. Sandboxed processes have their own mount namespace and are
 * skipped: a function may see its own variables, nothing outside may. `scanned` names every
 * host-side process looked at, so a spec can check the scan saw the sandbox's host side (bwrap).
 */
export function hostProcessesWith(needles: Record<string, string>): {
  hits: ProcessHit[];
  scanned: string[];
} {
  const self = { net: nsOf("self", "net"), mnt: nsOf("self", "mnt") };
  const hits: ProcessHit[] = [];
  const scanned = new Set<string>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      if (nsOf(pid, "net") !== self.net || nsOf(pid, "mnt") !== self.mnt) continue;
      const comm = fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      scanned.add(comm);
      for (const file of ["environ", "cmdline"] as const) {
        const text = fs.readFileSync(`/proc/${pid}/${file}`).toString("latin1");
        for (const [label, needle] of Object.entries(needles))
          if (text.includes(needle)) hits.push({ pid, comm, in: file, label });
      }
    } catch {
      // gone meanwhile, or a kernel thread without these files
    }
  }
  return { hits, scanned: [...scanned].sort() };
}

/** Socket inodes this process holds (the engine runs in the test's process). */
function ownSocketInodes(): Set<string> {
  const inodes = new Set<string>();
  for (const fd of fs.readdirSync("/proc/self/fd")) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/self/fd/${fd}`));
      if (m?.[1]) inodes.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/** True for a /proc/net/tcp{,6} local address a loopback client can reach (127/8, ::1, any). */
export function isLoopbackReachable(hexAddr: string): boolean {
  if (hexAddr.length === 8) return hexAddr.endsWith("7F") || hexAddr === "00000000";
  return (
    /^0{32}$/.test(hexAddr) ||
    hexAddr === "00000000000000000000000001000000" ||
    (hexAddr.startsWith("0000000000000000FFFF0000") && hexAddr.endsWith("7F"))
  );
}

/**
 * TCP ports listening on the host's loopback, split into those this test's process holds (the
 * engine, every environment's Runtime API) and everyone else's (other engineers' engines on the
 * same machine, which a hijack attempt must leave alone).
 */
export function loopbackListeners(): { own: number[]; foreign: number[] } {
  const mine = ownSocketInodes();
  const own = new Set<number>();
  const all = new Set<number>();
  for (const file of ["/proc/self/net/tcp", "/proc/self/net/tcp6"]) {
    let lines: string[] = [];
    try {
      lines = fs.readFileSync(file, "utf8").split("\n").slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      const [addr = "", portHex = ""] = (cols[1] ?? "").split(":");
      if (cols[3] !== "0A" || !isLoopbackReachable(addr)) continue;
      const port = parseInt(portHex, 16);
      all.add(port);
      if (mine.has(cols[9] ?? "")) own.add(port);
    }
  }
  const sorted = (s: Iterable<number>) => [...s].sort((a, b) => a - b);
  return { own: sorted(own), foreign: sorted([...all].filter((p) => !own.has(p))) };
}

/** The host's own non-loopback addresses, as URL hosts (link-local IPv6 needs a zone: left out). */
export function hostAddressHosts(): string[] {
  const hosts: string[] = [];
  for (const list of Object.values(os.networkInterfaces()))
    for (const a of list ?? []) {
      if (a.internal) continue;
      if (a.family === "IPv4") hosts.push(a.address);
      else if (!a.address.toLowerCase().startsWith("fe80")) hosts.push(`[${a.address}]`);
    }
  return hosts;
}

/** A plain HTTP server on host loopback standing for the console, an IdP or the registry. */
export interface HostService {
  port: number;
  token: string;
  /** Requests it answered (remote address and path): any one is a function that reached it. */
  hits: string[];
  close(): Promise<void>;
}

export async function startHostService(token: string): Promise<HostService> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.socket.remoteAddress ?? "?"} ${req.method ?? ""} ${req.url ?? ""}`);
    res.end(token);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    token,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const RTF_REJECT = 0x0200;
const METADATA = [169, 254, 169, 254];

/** /proc/net/route's hex (host byte order, little-endian here) as an address's four bytes. */
const hexToBytes = (hex: string) => [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16));

/**
 * Whether 169.254.169.254 is unreachable by the function's own routing table: the longest
 * matching route in /proc/net/route is a reject route (unreachable/prohibit: RTF_REJECT) or has
 * no device (blackhole), or nothing matches; and `ip route get` (a netlink query, no packet),
 * when the function could run it, agrees. Nothing is ever sent to the address.
 */
export function metadataRouteVerdict(
  procRoute: string,
  ipRouteGet?: string,
): { unreachable: boolean; why: string } {
  let best: { bits: number; metric: number; line: string; reject: boolean } | undefined;
  for (const line of procRoute.split("\n").slice(1)) {
    const [iface, dest, , flagsHex, , , metric, mask] = line.trim().split(/\s+/);
    if (!iface || !dest || !flagsHex || !mask) continue;
    const d = hexToBytes(dest);
    const m = hexToBytes(mask);
    if (!METADATA.every((b, i) => (b & (m[i] ?? 0)) === d[i])) continue;
    const bits = m.reduce((n, b) => n + b.toString(2).replace(/0/g, "").length, 0);
    const reject = (parseInt(flagsHex, 16) & RTF_REJECT) !== 0 || iface === "*";
    const cand = { bits, metric: Number(metric), line: line.trim(), reject };
    if (!best || bits > best.bits || (bits === best.bits && cand.metric < best.metric)) best = cand;
  }
  const procSays = best ? best.reject : true;
  const procWhy = best ? `route "${best.line}"` : "no route matches";
  if (ipRouteGet === undefined || ipRouteGet.trim() === "")
    return { unreachable: procSays, why: `/proc/net/route: ${procWhy}` };
  const ipSays =
    /^(unreachable|blackhole|prohibit)\b/m.test(ipRouteGet) ||
    /No route to host|Network is unreachable|Invalid argument|Permission denied/.test(ipRouteGet);
  return {
    unreachable: procSays && ipSays,
    why: `/proc/net/route: ${procWhy}; ip route get: ${ipRouteGet.trim()}`,
  };
}
