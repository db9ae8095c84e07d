import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * The local registry's one account. The engine generates the password once and keeps it in the
 * data dir (mode 0600), as it keeps its own key; the engine's pulls and the console's pushes and
 * listings use it, and the registry refuses anonymous requests.
 */
export interface RegistryCredentials {
  username: string;
  password: string;
}

const USERNAME = "lambda-console";

/** <dataDir>/registry-credentials.json */
export function registryCredentialsFile(dataDir: string): string {
  return path.join(dataDir, "registry-credentials.json");
}

/** The saved credentials, or undefined when the engine has not made them yet. */
export function readRegistryCredentials(dataDir: string): RegistryCredentials | undefined {
  try {
    const file = registryCredentialsFile(dataDir);
    const saved = JSON.parse(
      fs.readFileSync(/* turbopackIgnore: true */ file, "utf8"),
    ) as Partial<RegistryCredentials>;
    if (typeof saved.username === "string" && typeof saved.password === "string")
      return { username: saved.username, password: saved.password };
  } catch {
    // missing or unreadable: not made yet
  }
  return undefined;
}

/** Reads the credentials, generating them on first use (exclusive create: two engines agree). */
export function ensureRegistryCredentials(dataDir: string): RegistryCredentials {
  const existing = readRegistryCredentials(dataDir);
  if (existing) return existing;
  fs.mkdirSync(dataDir, { recursive: true });
  const creds = { username: USERNAME, password: crypto.randomBytes(32).toString("base64url") };
  try {
    fs.writeFileSync(registryCredentialsFile(dataDir), JSON.stringify(creds, null, 2), {
      mode: 0o600,
      flag: "wx",
    });
    return creds;
  } catch (e) {
    const raced =
      (e as NodeJS.ErrnoException).code === "EEXIST" && readRegistryCredentials(dataDir);
    if (raced) return raced;
    throw e;
  }
}

/** The Authorization header value for the registry's basic auth. */
export function basicAuthorization(c: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString("base64")}`;
}
