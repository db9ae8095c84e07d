import type { Role } from "./permissions";

export interface Session {
  user: { id: string; name: string; email?: string };
  role: Role;
}

/**
 * PLACEHOLDER AUTHENTICATION — the SSO issue (#6) replaces this function with the real session
 * lookup. Until then every request is a local admin, so the console is only safe on loopback.
 */
export async function getPlaceholderSession(): Promise<Session> {
  return { user: { id: "local", name: "local user" }, role: "admin" };
}

/** The one way code asks "who is this?"; swapping the implementation is the SSO issue's job. */
export async function authenticate(): Promise<Session | null> {
  return getPlaceholderSession();
}
