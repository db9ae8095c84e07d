import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface IdpKeys {
  jwks: { keys: Record<string, unknown>[] };
  cookieKeys: string[];
}

function generateKeys(): IdpKeys {
  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = privateKey.export({ format: "jwk" }) as Record<string, unknown>;
  return {
    jwks: {
      keys: [{ ...jwk, kid: crypto.randomBytes(8).toString("hex"), use: "sig", alg: "RS256" }],
    },
    cookieKeys: [crypto.randomBytes(32).toString("base64url")],
  };
}

/**
 * The IdP's RSA signing key and cookie keys, generated at first start into <dataDir>/idp-keys.json
 * (0600) so ID tokens and sessions stay valid across restarts.
 */
export function loadIdpKeys(dataDir: string): IdpKeys {
  const file = path.join(dataDir, "idp-keys.json");
  try {
    const saved = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<IdpKeys>;
    if (saved.jwks?.keys?.length && saved.cookieKeys?.length)
      return { jwks: saved.jwks, cookieKeys: saved.cookieKeys };
  } catch {
    // first start: generate below
  }
  const keys = generateKeys();
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}
