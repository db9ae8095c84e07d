import "server-only";
import crypto from "node:crypto";
import type { ConsoleDb } from "../console-db/db";
import { migrateModule } from "../console-db/db";

const SCHEMA = [
  `CREATE TABLE idp_sessions (
     id TEXT PRIMARY KEY,
     subject TEXT NOT NULL,
     signed_in_at INTEGER NOT NULL,
     groups_json TEXT NOT NULL,
     checked_at INTEGER NOT NULL,
     access_token TEXT,
     access_expires_at INTEGER,
     refresh_token TEXT
   );
   CREATE INDEX idp_sessions_signed_in ON idp_sessions (signed_in_at)`,
];

/** One console sign-in through an external IdP: its groups, when they were last read, its tokens. */
export interface IdpSession {
  id: string;
  subject: string;
  signedInAt: number;
  groups: string[];
  checkedAt: number;
  accessToken: string | null;
  /** ms; null when the IdP did not say. */
  accessExpiresAt: number | null;
  refreshToken: string | null;
}

interface Row {
  id: string;
  subject: string;
  signed_in_at: number;
  groups_json: string;
  checked_at: number;
  access_token: string | null;
  access_expires_at: number | null;
  refresh_token: string | null;
}

/**
 * Server-side half of a session (the cookie holds only its id): the IdP's tokens stay on the
 * server, and a re-read of the groups is saved even when the request could not set a cookie.
 */
export class IdpSessionStore {
  constructor(private readonly db: ConsoleDb) {
    migrateModule(db, "idp_sessions", SCHEMA);
  }

  create(s: Omit<IdpSession, "id">): IdpSession {
    const id = crypto.randomBytes(24).toString("base64url");
    this.db
      .prepare(
        `INSERT INTO idp_sessions (id, subject, signed_in_at, groups_json, checked_at, access_token, access_expires_at, refresh_token)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        s.subject,
        s.signedInAt,
        JSON.stringify(s.groups),
        s.checkedAt,
        s.accessToken,
        s.accessExpiresAt,
        s.refreshToken,
      );
    return { ...s, id };
  }

  get(id: string): IdpSession | null {
    const r = this.db.prepare("SELECT * FROM idp_sessions WHERE id = ?").get(id) as Row | undefined;
    if (!r) return null;
    const groups: unknown = JSON.parse(r.groups_json);
    return {
      id: r.id,
      subject: r.subject,
      signedInAt: r.signed_in_at,
      groups: Array.isArray(groups) ? groups.filter((g) => typeof g === "string") : [],
      checkedAt: r.checked_at,
      accessToken: r.access_token,
      accessExpiresAt: r.access_expires_at,
      refreshToken: r.refresh_token,
    };
  }

  update(
    id: string,
    u: Pick<
      IdpSession,
      "groups" | "checkedAt" | "accessToken" | "accessExpiresAt" | "refreshToken"
    >,
  ): void {
    this.db
      .prepare(
        `UPDATE idp_sessions SET groups_json = ?, checked_at = ?, access_token = ?, access_expires_at = ?, refresh_token = ?
         WHERE id = ?`,
      )
      .run(
        JSON.stringify(u.groups),
        u.checkedAt,
        u.accessToken,
        u.accessExpiresAt,
        u.refreshToken,
        id,
      );
  }

  delete(id: string): void {
    this.db.prepare("DELETE FROM idp_sessions WHERE id = ?").run(id);
  }

  deleteSubject(subject: string): void {
    this.db.prepare("DELETE FROM idp_sessions WHERE subject = ?").run(subject);
  }

  /** Sessions past their absolute lifetime are useless: dropped, with their tokens. */
  prune(signedInBefore: number): void {
    this.db.prepare("DELETE FROM idp_sessions WHERE signed_in_at < ?").run(signedInBefore);
  }
}
