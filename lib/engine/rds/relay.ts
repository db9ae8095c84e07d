import fs from "node:fs";
import net from "node:net";
import type { Duplex } from "node:stream";
import type { SecretLookup } from "../http/sigv4";
import { verifyAuthToken } from "./iam-token";
import {
  CANCEL_REQUEST,
  GSSENC_REQUEST,
  MessageReader,
  SSL_REQUEST,
  authRequest,
  authenticate,
  fatal,
  passwordOf,
  startupMessage,
  startupParams,
} from "./pg-wire";
import type { ProxyService } from "./proxies";
import { functionsOf } from "./proxy-functions";

export interface RelayOptions {
  proxies: ProxyService;
  proxyName: string;
  /** The function whose sandbox this socket is in (its session keys sign IAM tokens). */
  functionName: string;
  lookup: SecretLookup;
}

function pipeBoth(a: Duplex, b: Duplex): void {
  const close = () => {
    a.destroy();
    b.destroy();
  };
  a.on("error", close).on("close", close);
  b.on("error", close).on("close", close);
  a.pipe(b);
  b.pipe(a);
  a.resume();
  b.resume();
}

function upstream(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: "127.0.0.1", port });
    s.setNoDelay(true);
    s.once("connect", () => resolve(s));
    s.once("error", reject);
  });
}

/**
 * Serves a proxy inside a function's sandbox: the namespace's listening socket `handle`, each
 * connection relayed to the proxy's PgBouncer on the host. Proxies with IAM authentication get
 * their login checked here: the client's password must be a valid `rds-db` token for the
 * proxy's endpoint and one of its secrets' users; the relay then logs in with the secret.
 */
export function serveProxyOn(handle: unknown, opts: RelayOptions): () => void {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((conn) => {
    sockets.add(conn);
    conn.once("close", () => sockets.delete(conn));
    conn.setNoDelay(true);
    void relay(conn, opts).catch(() => conn.destroy());
  });
  server.on("error", () => {});
  server.listen(handle as net.ListenOptions);
  return () => {
    for (const s of sockets) s.destroy();
    server.close();
  };
}

async function relay(conn: net.Socket, opts: RelayOptions): Promise<void> {
  const proxy = opts.proxies.get(opts.proxyName);
  if (proxy.row.status !== "available") return void conn.destroy();
  const iam = proxy.config.Auth.some((a) => a.IAMAuth === "REQUIRED");
  if (!iam) {
    // Password logins are PgBouncer's own (SCRAM against the secret's password): bytes pass as they are.
    const up = await upstream(proxy.row.port);
    return pipeBoth(conn, up);
  }
  let client: Duplex = conn;
  let reader = new MessageReader(conn);
  let packet = await reader.startup();
  for (;;) {
    const code = packet.readInt32BE(4);
    if (code === SSL_REQUEST) {
      // node:tls is loaded on the first TLS request, not at engine start (issue 18).
      const { TLSSocket } = await import("node:tls");
      conn.write("S");
      reader.detach();
      const b = opts.proxies.bouncer(proxy.row.name);
      if (!b) return void conn.destroy();
      const secure = new TLSSocket(conn, {
        isServer: true,
        key: fs.readFileSync(b.tls.key),
        cert: fs.readFileSync(b.tls.cert),
      });
      client = secure;
      reader = new MessageReader(secure);
    } else if (code === GSSENC_REQUEST) conn.write("N");
    else if (code === CANCEL_REQUEST) {
      const up = await upstream(proxy.row.port);
      up.end(packet);
      return void conn.destroy();
    } else break;
    packet = await reader.startup();
  }
  const params = startupParams(packet);
  const user = params.user ?? "";
  if (proxy.config.RequireTLS && client === conn) {
    conn.end(fatal("28000", "This RDS Proxy requires TLS connections"));
    return;
  }
  // Which secret logs this user in.
  const login = proxy.config.Auth.map((a) => ({
    a,
    v: opts.proxies.secrets.currentJson(a.SecretArn),
  })).find(({ v }) => v?.username === user);
  if (!login || typeof login.v?.password !== "string") {
    client.end(
      fatal(
        "28000",
        `This RDS proxy has no credentials for the role ${user}. Check the credentials for this role and try again.`,
      ),
    );
    return;
  }
  client.write(authRequest(3));
  const pw = await reader.message();
  const token = pw.type === "p" ? passwordOf(pw.body) : "";
  const verdict = verifyAuthToken(token, {
    host: `${proxy.endpoint}:${proxy.row.port}`,
    user,
    region: opts.proxies.ctx.config.region,
    lookup: opts.lookup,
  });
  const connected = functionsOf(opts.proxies, proxy.row.name).includes(opts.functionName);
  const allowed =
    verdict.ok &&
    (verdict.principal.kind === "engine" ||
      (verdict.principal.scope.functionName === opts.functionName && connected));
  if (!allowed) {
    client.end(fatal("28P01", `PAM authentication failed for user "${user}"`));
    return;
  }
  const up = await upstream(proxy.row.port);
  const upReader = new MessageReader(up);
  const forwarded: Record<string, string> = { user, database: params.database ?? user };
  for (const k of ["application_name", "client_encoding", "DateStyle", "TimeZone"])
    if (params[k] !== undefined) forwarded[k] = params[k];
  up.write(startupMessage(forwarded));
  try {
    const ok = await authenticate(upReader, up, user, login.v.password);
    client.write(ok);
  } catch (err) {
    const response = (err as { response?: Buffer }).response;
    client.end(response ?? fatal("08006", "the proxy could not log in to the database"));
    up.destroy();
    return;
  }
  client.write(upReader.detach());
  up.write(reader.detach());
  pipeBoth(client, up);
}
