import os from "node:os";
import type { Isolation } from "./isolation";
import type { SandboxNetwork } from "./sandbox-command";

/** Inside every sandbox the Runtime API is where Lambda puts it, and the engine's API beside it. */
export const RUNTIME_API_PORT_INSIDE = 9001;
export const RUNTIME_API_INSIDE = `127.0.0.1:${RUNTIME_API_PORT_INSIDE}`;
export const ENGINE_PORT_INSIDE = 9000;

/**
 * What is unreachable from inside even with outbound access: the instance metadata service
 * (IPv4 link-local and the IPv6 endpoint), and every address of the host itself, so services
 * bound to a host interface stay out of reach as loopback ones do.
 */
function unreachableDestinations(now = Date.now()): string[] {
  // Read at most every 250 ms: a burst's cold starts share one read (os.networkInterfaces took
  // ~0.4 ms of the engine's thread per cold start, issue 18) and an address added since is seen
  // by the next burst.
  if (cached && now - cached.at < 250) return cached.list;
  const own = Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a && !a.internal && !a.address.startsWith("fe80:"))
    .map((a) => (a?.family === "IPv6" ? `${a.address}/128` : `${a?.address}/32`));
  const list = ["169.254.0.0/16", "fd00:ec2::254/128", ...own];
  cached = { at: now, list };
  return list;
}
let cached: { at: number; list: string[] } | undefined;

export interface NetworkInput {
  /** Outbound access beyond the engine's sockets (off: a VPC function without NAT, or the engine's setting). */
  outbound: boolean;
}

/** The sandbox network of one environment, or undefined without a sandbox. */
export function sandboxNetwork(iso: Isolation, input: NetworkInput): SandboxNetwork | undefined {
  if (!iso.bwrap || !iso.slirp || !iso.python) return undefined;
  return {
    slirp: iso.slirp,
    // Sockets of the namespace's own that the engine accepts on: no relay (a forwarder such as
    // pasta's -T held a message's second write for 40 ms: Nagle against a delayed ACK).
    listeners: [RUNTIME_API_PORT_INSIDE, ENGINE_PORT_INSIDE],
    // Without a usable /dev/net/tun slirp4netns cannot start: no outbound access then (said at start).
    outbound: input.outbound && !iso.outboundProblem,
    unreachable: unreachableDestinations(),
  };
}

/** The addresses a process uses for the Runtime API and the engine: inside the namespace, or host ones. */
export function endpointsFor(
  network: SandboxNetwork | undefined,
  hostRuntimeApiPort: number | undefined,
  engineEndpoint: string,
): { runtimeApi: string; engineEndpoint: string } {
  if (!network) return { runtimeApi: `127.0.0.1:${hostRuntimeApiPort ?? 0}`, engineEndpoint };
  return {
    runtimeApi: RUNTIME_API_INSIDE,
    engineEndpoint: `http://127.0.0.1:${ENGINE_PORT_INSIDE}`,
  };
}
