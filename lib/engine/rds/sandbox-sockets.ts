import crypto from "node:crypto";
import { writePrivateFile } from "../sandbox/private-dir";
import { sandboxHostsContent } from "../sandbox/sandbox-command";
import type { ProxyService } from "./proxies";
import { proxiesForFunction } from "./proxy-functions";
import { serveProxyOn } from "./relay";

/**
 * What a function's sandbox gets for the database proxies it is connected to: one listening
 * socket per proxy inside its namespace (on the proxy's port), the proxy endpoints in its
 * /etc/hosts (pointing at its own loopback), and the relay behind each socket. Nothing else of
 * the host's databases is reachable: the namespace has no route to the host's loopback.
 */
export interface ProxySockets {
  ports: number[];
  /** The sandbox's /etc/hosts (SandboxSpec.hostsFile). */
  hostsFile: string;
  /** Serves the socket of `port` when it is one of these; returns its closer. */
  serve(port: number, handle: unknown): (() => void) | undefined;
}

export function proxySocketsFor(
  svc: ProxyService | undefined,
  functionName: string,
): ProxySockets | undefined {
  const lookup = svc?.lookup;
  if (!svc || !lookup) return undefined;
  const proxies = proxiesForFunction(svc, functionName).filter((p) => p.row.status === "available");
  if (proxies.length === 0) return undefined;
  // The sandbox's usual names (sandbox.localdomain included) plus each proxy's endpoint.
  const hosts = sandboxHostsContent(proxies.map((p) => `127.0.0.1\t${p.endpoint}\n`).join(""));
  const name = `sandbox-hosts-${crypto.createHash("sha256").update(hosts).digest("hex").slice(0, 16)}`;
  const file = writePrivateFile(name, hosts);
  const byPort = new Map(proxies.map((p) => [p.row.port, p.row.name]));
  return {
    ports: [...byPort.keys()],
    hostsFile: file,
    serve(port, handle) {
      const proxyName = byPort.get(port);
      if (proxyName === undefined) return undefined;
      return serveProxyOn(handle, { proxies: svc, proxyName, functionName, lookup });
    },
  };
}
