import crypto from "node:crypto";
import type { SecretLookup } from "./http/sigv4";

export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/**
 * The engine's own key plus short-lived session keys handed to execution environments, so
 * function code can call the engine through the AWS SDK without ever seeing the engine's key.
 */
export class CredentialRegistry {
  private readonly sessions = new Map<string, SessionCredentials>();

  constructor(
    private readonly rootKeyId: string,
    private readonly rootSecret: string,
  ) {}

  issue(): SessionCredentials {
    const creds = {
      accessKeyId: "ASIA" + crypto.randomBytes(8).toString("hex").toUpperCase(),
      secretAccessKey: crypto.randomBytes(30).toString("base64url"),
      sessionToken: crypto.randomBytes(48).toString("base64url"),
    };
    this.sessions.set(creds.accessKeyId, creds);
    return creds;
  }

  revoke(accessKeyId: string): void {
    this.sessions.delete(accessKeyId);
  }

  readonly lookup: SecretLookup = (keyId) => {
    if (keyId === this.rootKeyId) return { secretAccessKey: this.rootSecret };
    const s = this.sessions.get(keyId);
    return s && { secretAccessKey: s.secretAccessKey, sessionToken: s.sessionToken };
  };
}
