import { generatePassword } from "./password";
import type { UserStore } from "./user-store";

export const ADMIN_USER = "admin";
const ADMIN_GROUP = "lambda-admins";

export type AdminBootstrap =
  | { kind: "created"; password: string; generated: boolean }
  | { kind: "password-set" }
  | { kind: "unchanged" };

/**
 * First start (no users at all): create "admin" in lambda-admins with LAMBDA_CONSOLE_ADMIN_PASSWORD
 * or a generated password that the caller prints once. With the env var set on a later start, the
 * admin's password is reset to it, so automation always knows it.
 */
export async function ensureAdmin(
  users: UserStore,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<AdminBootstrap> {
  const fromEnv = env.LAMBDA_CONSOLE_ADMIN_PASSWORD || undefined;
  const admin = users.get(ADMIN_USER);
  if (!admin && users.count() === 0) {
    const password = fromEnv ?? generatePassword();
    // A generated password is one-time: the first sign-in must replace it.
    await users.add({ name: ADMIN_USER, password, groups: [ADMIN_GROUP], chosen: !!fromEnv });
    return { kind: "created", password, generated: !fromEnv };
  }
  if (fromEnv && admin) {
    if (!(await users.verify(ADMIN_USER, fromEnv)))
      await users.setPassword(ADMIN_USER, fromEnv, { chosen: true });
    return { kind: "password-set" };
  }
  if (fromEnv && !admin) {
    await users.add({ name: ADMIN_USER, password: fromEnv, groups: [ADMIN_GROUP], chosen: true });
    return { kind: "password-set" };
  }
  return { kind: "unchanged" };
}
