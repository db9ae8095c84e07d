import http from "node:http";
import type { AddressInfo } from "node:net";
import { openConsoleDb } from "../console-db/db";
import { ensureAdmin, type AdminBootstrap } from "./bootstrap";
import { loadIdpSettings, type IdpSettings } from "./config";
import { ConsentStore } from "./consent-store";
import { createInteractionHandler } from "./interactions";
import { loadIdpKeys } from "./keys";
import { createIdpProvider } from "./provider";
import { UserStore } from "./user-store";
import { SignInThrottle } from "./sign-in-throttle";
import { AuditStore } from "../audit/store";

export interface RunningIdp {
  settings: IdpSettings;
  /** The real issuer URL (with the bound port when LAMBDA_IDP_PORT=0). */
  issuer: string;
  port: number;
  admin: AdminBootstrap;
  stop(): Promise<void>;
}

/** Starts the embedded OpenID Connect provider on 127.0.0.1 (the console's default sign-in). */
export async function startIdp(env: NodeJS.ProcessEnv = process.env): Promise<RunningIdp> {
  let settings = loadIdpSettings(env);
  const db = openConsoleDb(settings.dataDir);
  const users = new UserStore(db);
  const consents = new ConsentStore(db);
  const admin = await ensureAdmin(users, env);
  const keys = loadIdpKeys(settings.dataDir);

  // With port 0 the issuer (which is in every token) is only known after listen, so bind first.
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  settings = { ...settings, port, issuer: `http://${settings.host}:${port}` };

  const provider = createIdpProvider({ settings, keys, db, users, consents });
  provider.on("server_error", (_ctx: unknown, err: unknown) =>
    console.error("[idp] server error:", err),
  );
  const interactions = createInteractionHandler(
    provider,
    users,
    consents,
    new SignInThrottle(db),
    new AuditStore(db),
    env.LAMBDA_IDP_TRUST_PROXY === "1",
  );
  const callback = provider.callback();
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    interactions(req, res)
      .then((handled) => {
        if (!handled) callback(req, res);
      })
      .catch((err: unknown) => {
        console.error("[idp] request failed:", err);
        if (!res.headersSent) res.writeHead(500).end();
      });
  });

  let stopped: Promise<void> | undefined;
  return {
    settings,
    issuer: settings.issuer,
    port,
    admin,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => {
        db.close();
      });
      return stopped;
    },
  };
}
