import type { Adapter, AdapterPayload } from "oidc-provider";
import type { ConsoleDb } from "../console-db/db";
import { migrateModule } from "../console-db/db";

const OIDC_SCHEMA = [
  `CREATE TABLE oidc_models (
     model TEXT NOT NULL,
     id TEXT NOT NULL,
     payload TEXT NOT NULL,
     grant_id TEXT,
     user_code TEXT,
     uid TEXT,
     expires_at INTEGER,
     PRIMARY KEY (model, id)
   );
   CREATE INDEX oidc_models_grant ON oidc_models (grant_id);
   CREATE INDEX oidc_models_uid ON oidc_models (uid);
   CREATE INDEX oidc_models_user_code ON oidc_models (user_code);
   CREATE INDEX oidc_models_expires ON oidc_models (expires_at)`,
];

interface Row {
  payload: string;
  expires_at: number | null;
}

/**
 * oidc-provider's storage contract on the console's SQLite: sessions, grants, codes and tokens
 * survive an IdP restart, so people stay signed in across `npm start` runs.
 */
export function createSqliteAdapter(db: ConsoleDb): new (model: string) => Adapter {
  migrateModule(db, "oidc", OIDC_SCHEMA);
  const upsertStmt = db.prepare(
    `INSERT INTO oidc_models (model, id, payload, grant_id, user_code, uid, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id,
       user_code = excluded.user_code, uid = excluded.uid, expires_at = excluded.expires_at`,
  );
  const findStmt = db.prepare(
    "SELECT payload, expires_at FROM oidc_models WHERE model = ? AND id = ?",
  );
  const findByUidStmt = db.prepare(
    "SELECT payload, expires_at FROM oidc_models WHERE model = ? AND uid = ?",
  );
  const findByCodeStmt = db.prepare(
    "SELECT payload, expires_at FROM oidc_models WHERE model = ? AND user_code = ?",
  );
  const destroyStmt = db.prepare("DELETE FROM oidc_models WHERE model = ? AND id = ?");
  const revokeStmt = db.prepare("DELETE FROM oidc_models WHERE grant_id = ?");
  const purgeStmt = db.prepare(
    "DELETE FROM oidc_models WHERE expires_at IS NOT NULL AND expires_at < ?",
  );
  const consumeStmt = db.prepare(
    "UPDATE oidc_models SET payload = json_set(payload, '$.consumed', ?) WHERE model = ? AND id = ?",
  );

  function live(row: Row | undefined): AdapterPayload | undefined {
    if (!row) return undefined;
    if (row.expires_at !== null && row.expires_at < Date.now()) return undefined;
    return JSON.parse(row.payload) as AdapterPayload;
  }

  let lastPurge = 0;
  function purgeExpired(): void {
    // Expired rows are invisible already; deleting them now and then keeps the table small.
    const now = Date.now();
    if (now - lastPurge < 60_000) return;
    lastPurge = now;
    purgeStmt.run(now);
  }

  return class SqliteAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      purgeExpired();
      const expiresAt = typeof expiresIn === "number" ? Date.now() + expiresIn * 1000 : null;
      upsertStmt.run(
        this.model,
        id,
        JSON.stringify(payload),
        payload.grantId ?? null,
        payload.userCode ?? null,
        payload.uid ?? null,
        expiresAt,
      );
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return live(findStmt.get(this.model, id) as Row | undefined);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return live(findByUidStmt.get(this.model, uid) as Row | undefined);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return live(findByCodeStmt.get(this.model, userCode) as Row | undefined);
    }

    async consume(id: string): Promise<void> {
      consumeStmt.run(Math.floor(Date.now() / 1000), this.model, id);
    }

    async destroy(id: string): Promise<void> {
      destroyStmt.run(this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      revokeStmt.run(grantId);
    }
  };
}
