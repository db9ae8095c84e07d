import crypto from "node:crypto";
import type { SecretLookup } from "./http/sigv4";
import type { FunctionScope, Principal } from "./http/types";

export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

interface Session extends SessionCredentials {
  principal: Principal;
}

/**
 * The engine's own key plus short-lived session keys handed to execution environments, so
 * function code can call the engine through the AWS SDK without ever seeing the engine's key.
 * A session key carries its function's scope: it may invoke functions and write that function's
 * own log group, nothing else (http/authorize.ts), as a basic execution role allows on AWS.
 */
export class CredentialRegistry {
  private readonly sessions = new Map<string, Session>();
  private readonly root: Principal;

  constructor(
    private readonly rootKeyId: string,
    private readonly rootSecret: string,
  ) {
    this.root = { kind: "engine", accessKeyId: rootKeyId };
  }

  /** Session credentials for one execution environment of the function `scope` describes. */
  issue(scope: FunctionScope): SessionCredentials {
    const creds = {
      accessKeyId: "ASIA" + crypto.randomBytes(8).toString("hex").toUpperCase(),
      secretAccessKey: crypto.randomBytes(30).toString("base64url"),
      sessionToken: crypto.randomBytes(48).toString("base64url"),
    };
    const principal: Principal = {
      kind: "function",
      accessKeyId: creds.accessKeyId,
      scope: { ...scope },
    };
    this.sessions.set(creds.accessKeyId, { ...creds, principal });
    return creds;
  }

  revoke(accessKeyId: string): void {
    this.sessions.delete(accessKeyId);
  }

  readonly lookup: SecretLookup = (keyId) => {
    if (keyId === this.rootKeyId) return { secretAccessKey: this.rootSecret, principal: this.root };
    const s = this.sessions.get(keyId);
    return (
      s && {
        secretAccessKey: s.secretAccessKey,
        sessionToken: s.sessionToken,
        principal: s.principal,
      }
    );
  };
}
