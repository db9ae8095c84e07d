import "server-only";
import type { ConsoleDb } from "../console-db/db";
import { migrateModule } from "../console-db/db";

const REVOCATION_SCHEMA = [
  `CREATE TABLE session_revocations (
     subject TEXT PRIMARY KEY,
     revoked_before INTEGER NOT NULL
   )`,
];

/**
 * Sign-out for stateless (JWT) sessions: sessions of a subject that started before its last
 * sign-out are refused. Deleting the cookie alone is not enough, because a request already in
 * flight (a prefetch) can set the rolling session cookie again after sign-out.
 */
export class RevocationStore {
  constructor(private readonly db: ConsoleDb) {
    migrateModule(db, "session_revocations", REVOCATION_SCHEMA);
  }

  revoke(subject: string, before: number = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO session_revocations (subject, revoked_before) VALUES (?, ?)
         ON CONFLICT(subject) DO UPDATE SET revoked_before = max(revoked_before, excluded.revoked_before)`,
      )
      .run(subject, before);
  }

  /** True when a session of this subject that started at signedInAt (ms) has been signed out. */
  isRevoked(subject: string, signedInAt: number | undefined): boolean {
    const row = this.db
      .prepare("SELECT revoked_before FROM session_revocations WHERE subject = ?")
      .get(subject) as { revoked_before: number } | undefined;
    if (!row) return false;
    return signedInAt === undefined || signedInAt <= row.revoked_before;
  }
}
