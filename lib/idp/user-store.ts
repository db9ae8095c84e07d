import type { ConsoleDb } from "../console-db/db";
import { migrateModule } from "../console-db/db";
import { hashPassword, verifyPassword } from "./password";

/** A user of the embedded IdP, as the console and the CLI see it (never the hash). */
export interface IdpUser {
  name: string;
  email: string | null;
  groups: string[];
  createdAt: string;
  updatedAt: string;
}

const USER_SCHEMA = [
  `CREATE TABLE idp_users (
     name TEXT PRIMARY KEY,
     email TEXT,
     password_hash TEXT NOT NULL,
     groups_json TEXT NOT NULL DEFAULT '[]',
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   )`,
  // Issue 13: a generated or reset password must be replaced at the next sign-in.
  `ALTER TABLE idp_users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0`,
];

// Names become the OIDC `sub`, so keep them to characters that are safe in URLs, logs and claims.
const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9._@-]{0,63}$/;
const GROUP_RE = /^[^\s,]{1,128}$/;

interface UserRow {
  name: string;
  email: string | null;
  password_hash: string;
  groups_json: string;
  created_at: string;
  updated_at: string;
}

function toUser(row: UserRow): IdpUser {
  const parsed: unknown = JSON.parse(row.groups_json);
  const groups = Array.isArray(parsed)
    ? parsed.filter((g): g is string => typeof g === "string")
    : [];
  return {
    name: row.name,
    email: row.email,
    groups,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class UserStoreError extends Error {
  override readonly name = "UserStoreError";
}

function validateUserName(name: string): string {
  if (!NAME_RE.test(name)) {
    throw new UserStoreError(
      `invalid user name "${name}": 1-64 characters, letters, digits, . _ @ - (not first)`,
    );
  }
  return name;
}

function validateGroups(groups: readonly string[]): string[] {
  for (const g of groups)
    if (!GROUP_RE.test(g)) throw new UserStoreError(`invalid group name "${g}"`);
  return [...new Set(groups)].sort();
}

/** Users of the embedded IdP in the console's SQLite: scrypt hashes, groups as a JSON list. */
export class UserStore {
  constructor(private readonly db: ConsoleDb) {
    migrateModule(db, "idp_users", USER_SCHEMA);
  }

  list(): IdpUser[] {
    const rows = this.db.prepare("SELECT * FROM idp_users ORDER BY name").all() as UserRow[];
    return rows.map(toUser);
  }

  get(name: string): IdpUser | null {
    const row = this.db.prepare("SELECT * FROM idp_users WHERE name = ?").get(name) as
      UserRow | undefined;
    return row ? toUser(row) : null;
  }

  count(): number {
    const row = this.db.prepare("SELECT COUNT(*) AS n FROM idp_users").get() as { n: number };
    return row.n;
  }

  async add(input: {
    name: string;
    password: string;
    groups?: readonly string[];
    email?: string | null;
    /** The person chose this password (CLI --password, env); otherwise they must replace it. */
    chosen?: boolean;
  }): Promise<IdpUser> {
    const name = validateUserName(input.name);
    const groups = validateGroups(input.groups ?? []);
    checkPasswordStrength(input.password);
    if (this.get(name)) throw new UserStoreError(`user "${name}" already exists`);
    const hash = await hashPassword(input.password);
    const now = new Date().toISOString();
    this.db
      .prepare(
        "INSERT INTO idp_users (name, email, password_hash, groups_json, created_at, updated_at, must_change_password) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(name, input.email ?? null, hash, JSON.stringify(groups), now, now, input.chosen ? 0 : 1);
    return this.require(name);
  }

  remove(name: string): boolean {
    return this.db.prepare("DELETE FROM idp_users WHERE name = ?").run(name).changes > 0;
  }

  /** A reset (admin, CLI without --password) must be replaced at the next sign-in unless chosen. */
  async setPassword(
    name: string,
    password: string,
    opts: { chosen?: boolean } = {},
  ): Promise<void> {
    checkPasswordStrength(password);
    this.require(name);
    const hash = await hashPassword(password);
    this.db
      .prepare(
        "UPDATE idp_users SET password_hash = ?, updated_at = ?, must_change_password = ? WHERE name = ?",
      )
      .run(hash, new Date().toISOString(), opts.chosen ? 0 : 1, name);
  }

  /** True when the user's password was generated or reset and not yet replaced. */
  mustChangePassword(name: string): boolean {
    const row = this.db
      .prepare("SELECT must_change_password AS m FROM idp_users WHERE name = ?")
      .get(name) as { m: number } | undefined;
    return row?.m === 1;
  }

  setGroups(name: string, groups: readonly string[]): IdpUser {
    const clean = validateGroups(groups);
    this.require(name);
    this.db
      .prepare("UPDATE idp_users SET groups_json = ?, updated_at = ? WHERE name = ?")
      .run(JSON.stringify(clean), new Date().toISOString(), name);
    return this.require(name);
  }

  /**
   * The user when name and password match, else null. An unknown name still costs one scrypt, so
   * response time does not reveal which names exist.
   */
  async verify(name: string, password: string): Promise<IdpUser | null> {
    const row = this.db.prepare("SELECT * FROM idp_users WHERE name = ?").get(name) as
      UserRow | undefined;
    const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    return row && ok ? toUser(row) : null;
  }

  private require(name: string): IdpUser {
    const user = this.get(name);
    if (!user) throw new UserStoreError(`no user "${name}"`);
    return user;
  }
}

// A real scrypt hash of a random password nobody knows, for the unknown-user path of verify().
const DUMMY_HASH =
  "scrypt$32768$8$3$AAAAAAAAAAAAAAAAAAAAAA==$" + Buffer.alloc(64, 1).toString("base64");

function checkPasswordStrength(password: string): void {
  if (password.length < 8) throw new UserStoreError("passwords need at least 8 characters");
  if (password.length > 1024) throw new UserStoreError("passwords are at most 1024 characters");
}
