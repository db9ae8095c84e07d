import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { hashSync } from "bcryptjs";
import {
  basicAuthorization,
  ensureRegistryCredentials,
  type RegistryCredentials,
} from "../../registry/credentials";

export interface RegistryAuth {
  credentials: RegistryCredentials;
  /** What docker-registry checks requests against (bcrypt; its htpasswd backend takes no other). */
  htpasswdFile: string;
  /** A containers-auth.json holding the credentials for this registry's host only. */
  authFile: string;
  /** "Basic ..." for our own HTTP calls. */
  authorization: string;
}

/**
 * The password is 32 random bytes, so bcrypt's work factor protects nothing; the registry hashes
 * on every request, so the lowest cost keeps pulls fast.
 */
const BCRYPT_COST = 4;

/**
 * Writes the htpasswd file and skopeo's auth file for the registry at `host` (127.0.0.1:<port>)
 * from the data dir's credentials, generating those on first start. The auth file names only
 * this host, so skopeo never sends the credentials to another registry.
 */
export function prepareRegistryAuth(
  dataDir: string,
  storageDir: string,
  host: string,
): RegistryAuth {
  const credentials = ensureRegistryCredentials(dataDir);
  const htpasswdFile = path.join(storageDir, "htpasswd");
  writeHtpasswd(htpasswdFile, credentials);
  // One file per port: an engine on another port of the same data dir must not repoint ours.
  const authFile = path.join(storageDir, `auth-${host.split(":").pop() ?? ""}.json`);
  const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64");
  fs.writeFileSync(authFile, JSON.stringify({ auths: { [host]: { auth } } }), { mode: 0o600 });
  return { credentials, htpasswdFile, authFile, authorization: basicAuthorization(credentials) };
}

/**
 * Writes the htpasswd only when it does not hold these credentials yet: bcrypt is most of the
 * registry's set-up at each start (issue 18). `<htpasswd>.sha256` names the credentials it was
 * written for (a SHA-256 of a 256-bit random password reveals nothing; 0600 like the rest).
 */
function writeHtpasswd(file: string, credentials: RegistryCredentials): void {
  const line = `${credentials.username}:${credentials.password}`;
  const fingerprint = crypto.createHash("sha256").update(line).digest("hex");
  const stamp = `${file}.sha256`;
  try {
    const current = fs.readFileSync(file, "utf8");
    if (
      fs.readFileSync(stamp, "utf8") === fingerprint &&
      current.startsWith(`${credentials.username}:$2`)
    ) {
      fs.chmodSync(file, 0o600);
      return;
    }
  } catch {
    // not written yet
  }
  fs.writeFileSync(
    file,
    `${credentials.username}:${hashSync(credentials.password, BCRYPT_COST)}\n`,
    {
      mode: 0o600,
    },
  );
  fs.writeFileSync(stamp, fingerprint, { mode: 0o600 });
}
