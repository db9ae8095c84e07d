/**
 * A network namespace of the test's own, reached over a veth pair in 198.18.0.0/15 (the
 * benchmarking range): it stands for "the internet" so outbound access can be tested without
 * sending anything off this machine. Root only; made and removed by the test.
 */
import crypto from "node:crypto";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import readline from "node:readline";

const IP = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip"].find((p) => fs.existsSync(p));

/** Why a test namespace cannot be made here, or undefined when it can. */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return "needs root to make a network namespace";
  if (!IP) return "needs iproute2 (ip) to make a network namespace";
  return undefined;
}

export interface TestNetns {
  name: string;
  /** http://198.18.<x>.2:<port>/ : a server inside the namespace answering `token`. */
  url: string;
  token: string;
  stop(): Promise<void>;
}

const ip = (...args: string[]) =>
  execFileSync(IP ?? "ip", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** A /30 of 198.18.0.0/24..198.18.255.0/24 that no address or route on the host uses yet. */
function freeOctet(): number {
  const used = ip("-4", "addr") + ip("-4", "route", "show", "table", "all");
  for (let i = 0; i < 64; i++) {
    const x = crypto.randomInt(1, 255);
    if (!used.includes(`198.18.${x}.`)) return x;
  }
  throw new Error("no free 198.18.x.0/30 for the test namespace");
}

// The server inside the namespace: answers every request with the token.
const SERVER = `const s = require("node:http").createServer((q, r) => r.end(process.argv[2]));
s.listen(0, process.argv[1], () => console.log("listening " + s.address().port));`;

const SERVER_ENV: Record<string, string> = { PATH: "/usr/bin:/bin" };

export async function startTestNetns(): Promise<TestNetns> {
  const id = crypto.randomBytes(3).toString("hex");
  const name = `lc-test-${id}`;
  const hostIf = `lct${id}h`;
  const nsIf = `lct${id}n`;
  const token = `outside-${crypto.randomBytes(8).toString("hex")}`;
  let server: ChildProcess | undefined;
  const stop = async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((r) => server?.once("exit", r));
      server.kill("SIGKILL");
      await exited;
    }
    for (const args of [
      ["link", "del", hostIf],
      ["netns", "del", name],
    ])
      try {
        ip(...args);
      } catch {
        // already gone
      }
  };
  try {
    const x = freeOctet();
    ip("netns", "add", name);
    ip("link", "add", hostIf, "type", "veth", "peer", "name", nsIf);
    ip("link", "set", nsIf, "netns", name);
    ip("addr", "add", `198.18.${x}.1/30`, "dev", hostIf);
    ip("link", "set", hostIf, "up");
    ip("netns", "exec", name, IP ?? "ip", "addr", "add", `198.18.${x}.2/30`, "dev", nsIf);
    ip("netns", "exec", name, IP ?? "ip", "link", "set", nsIf, "up");
    ip("netns", "exec", name, IP ?? "ip", "link", "set", "lo", "up");
    const address = `198.18.${x}.2`;
    const child = spawn(
      IP ?? "ip",
      ["netns", "exec", name, process.execPath, "-e", SERVER, address, token],
      { stdio: ["ignore", "pipe", "inherit"], env: SERVER_ENV as NodeJS.ProcessEnv },
    );
    server = child;
    const port = await new Promise<number>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`namespace server exited (${code})`)));
      readline.createInterface({ input: child.stdout }).on("line", (line) => {
        const m = /^listening (\d+)$/.exec(line);
        if (m) resolve(Number(m[1]));
      });
    });
    return { name, url: `http://${address}:${port}/`, token, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
