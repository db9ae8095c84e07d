import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import type { ConsentStore } from "./consent-store";
import { renderChangePassword, renderConsent, renderError, renderLogin } from "./pages";
import type { UserStore } from "./user-store";
import type { AuditStore } from "../audit/store";
import { clientAddress, type SignInThrottle } from "./sign-in-throttle";

const MAX_BODY = 16 * 1024;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) throw new Error("form too large");
    chunks.push(buf);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "x-frame-options": "DENY",
    "content-security-policy":
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    "referrer-policy": "no-referrer",
  });
  res.end(html);
}

/** Login and consent pages at /interaction/:uid[/login|/confirm|/abort]; false when not ours. */
export function createInteractionHandler(
  provider: Provider,
  users: UserStore,
  consents: ConsentStore,
  throttle: SignInThrottle,
  audit: AuditStore,
  trustProxy = false,
) {
  // Lockouts go to the console's audit log, where admins see and lift them (Access page).
  function auditLock(
    name: string,
    address: string,
    failures: number,
    until: number,
    user: boolean,
  ) {
    try {
      audit.record({
        actor: name.slice(0, 64) || "anonymous",
        actorName: null,
        role: null,
        action: "auth.lockout",
        target: null,
        resource: user ? `${name.slice(0, 64)} from ${address}` : `all users from ${address}`,
        result: "refused",
        message: `Sign-in locked for ${Math.ceil((until - Date.now()) / 1000)} s after ${failures} failed attempts.`,
      });
    } catch (err) {
      console.error("[idp] could not audit a lockout", err);
    }
  }

  return async function handleInteraction(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://idp.invalid");
    const m = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|confirm|abort|password))?$/.exec(
      url.pathname,
    );
    if (!m) return false;
    const action = m[2];
    try {
      const details = await provider.interactionDetails(req, res);
      const clientName = "Lambda Console";
      if (!action && req.method === "GET") {
        if (details.prompt.name === "login") {
          const hint =
            typeof details.params.login_hint === "string" ? details.params.login_hint : undefined;
          send(res, 200, renderLogin({ uid: details.uid, clientName, userName: hint }));
        } else {
          const scopes = String(details.params.scope ?? "openid")
            .split(" ")
            .filter(Boolean);
          const userName = details.session?.accountId ?? "";
          send(res, 200, renderConsent({ uid: details.uid, clientName, userName, scopes }));
        }
        return true;
      }
      if (req.method !== "POST") {
        send(res, 405, renderError({ error: "method not allowed" }));
        return true;
      }
      const form = await readForm(req);
      if ((action === "login" || action === "password") && details.prompt.name === "login") {
        const name = (form.get("username") ?? "").trim();
        const password = form.get("password") ?? "";
        const address = clientAddress(
          req.socket.remoteAddress,
          req.headers["x-forwarded-for"],
          trustProxy,
        );
        const locked = throttle.lockedFor(name, address);
        if (locked !== null) {
          send(
            res,
            429,
            renderLogin({
              uid: details.uid,
              clientName,
              userName: name,
              error: `Too many failed attempts; try again in ${Math.ceil(locked / 1000)} seconds, or ask an admin to unlock.`,
            }),
          );
          return true;
        }
        const user = name && password ? await users.verify(name, password) : null;
        if (!user) {
          for (const lock of throttle.recordFailure(name, address))
            auditLock(name, address, lock.failures, lock.lockedUntil, lock.userName !== null);
          console.error(`[idp] failed sign-in for "${name.slice(0, 64)}" from ${address}`);
          send(
            res,
            401,
            renderLogin({
              uid: details.uid,
              clientName,
              userName: name,
              error: "Wrong user name or password.",
            }),
          );
          return true;
        }
        throttle.recordSuccess(name, address);
        // A generated or reset password opens nothing until the person sets their own (issue 13).
        if (users.mustChangePassword(user.name)) {
          if (action !== "password") {
            send(res, 200, renderChangePassword({ uid: details.uid, userName: user.name }));
            return true;
          }
          const next = form.get("new_password") ?? "";
          const problem =
            next !== (form.get("confirm") ?? "")
              ? "The new passwords differ."
              : next.length < 12
                ? "Use at least 12 characters."
                : next === password
                  ? "Choose a password other than the one you were given."
                  : null;
          if (problem) {
            send(
              res,
              400,
              renderChangePassword({ uid: details.uid, userName: user.name, error: problem }),
            );
            return true;
          }
          await users.setPassword(user.name, next, { chosen: true });
        }
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: user.name } },
          { mergeWithLastSubmission: false },
        );
        return true;
      }
      if (action === "confirm" && details.prompt.name === "consent") {
        await finishConsent(provider, consents, details, req, res);
        return true;
      }
      if (action === "abort") {
        await provider.interactionFinished(
          req,
          res,
          { error: "access_denied", error_description: "The sign-in was cancelled." },
          { mergeWithLastSubmission: false },
        );
        return true;
      }
      send(
        res,
        400,
        renderError({
          error:
            "This step of the sign-in does not match; go back to the console and sign in again.",
        }),
      );
      return true;
    } catch (err) {
      // Typically an expired or unknown interaction (the _interaction cookie is gone).
      const msg =
        err instanceof Error && err.name === "SessionNotFound"
          ? "This sign-in page has expired. Go back to the console and sign in again."
          : "The sign-in could not be completed. Go back to the console and sign in again.";
      if (!(err instanceof Error && err.name === "SessionNotFound"))
        console.error("[idp] interaction failed:", err);
      if (!res.headersSent) send(res, 400, renderError({ error: msg }));
      return true;
    }
  };
}

async function finishConsent(
  provider: Provider,
  consents: ConsentStore,
  details: Awaited<ReturnType<Provider["interactionDetails"]>>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const accountId = details.session?.accountId;
  const clientId = String(details.params.client_id ?? "");
  if (!accountId || !clientId) throw new Error("consent without a signed-in account");
  const grant =
    (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
    new provider.Grant({ accountId, clientId });
  const d = details.prompt.details;
  const scopes = Array.isArray(d.missingOIDCScope) ? d.missingOIDCScope.map(String) : [];
  const claims = Array.isArray(d.missingOIDCClaims) ? d.missingOIDCClaims.map(String) : [];
  if (scopes.length) grant.addOIDCScope(scopes.join(" "));
  if (claims.length) grant.addOIDCClaims(claims);
  const grantId = await grant.save();
  consents.remember(accountId, clientId, { scopes, claims });
  await provider.interactionFinished(
    req,
    res,
    { consent: { grantId } },
    { mergeWithLastSubmission: true },
  );
}
