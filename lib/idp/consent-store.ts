import type { ConsoleDb } from "../console-db/db";
import { migrateModule } from "../console-db/db";

const CONSENT_SCHEMA = [
  `CREATE TABLE idp_consents (
     account_id TEXT NOT NULL,
     client_id TEXT NOT NULL,
     scopes TEXT NOT NULL,
     claims TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (account_id, client_id)
   )`,
];

export interface RememberedConsent {
  scopes: string[];
  claims: string[];
}

/**
 * What each user allowed each client. oidc-provider revokes grants at sign-out, so the answer to
 * the consent page is kept here and turned into a fresh grant at the next sign-in.
 */
export class ConsentStore {
  constructor(private readonly db: ConsoleDb) {
    migrateModule(db, "idp_consents", CONSENT_SCHEMA);
  }

  get(accountId: string, clientId: string): RememberedConsent | null {
    const row = this.db
      .prepare("SELECT scopes, claims FROM idp_consents WHERE account_id = ? AND client_id = ?")
      .get(accountId, clientId) as { scopes: string; claims: string } | undefined;
    if (!row) return null;
    return {
      scopes: JSON.parse(row.scopes) as string[],
      claims: JSON.parse(row.claims) as string[],
    };
  }

  /** Adds to what was allowed before (consent prompts ask only for what is missing). */
  remember(accountId: string, clientId: string, add: RememberedConsent): void {
    const prev = this.get(accountId, clientId) ?? { scopes: [], claims: [] };
    const scopes = [...new Set([...prev.scopes, ...add.scopes])].sort();
    const claims = [...new Set([...prev.claims, ...add.claims])].sort();
    this.db
      .prepare(
        `INSERT INTO idp_consents (account_id, client_id, scopes, claims, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(account_id, client_id) DO UPDATE SET scopes = excluded.scopes, claims = excluded.claims,
           updated_at = excluded.updated_at`,
      )
      .run(
        accountId,
        clientId,
        JSON.stringify(scopes),
        JSON.stringify(claims),
        new Date().toISOString(),
      );
  }

  forgetAccount(accountId: string): void {
    this.db.prepare("DELETE FROM idp_consents WHERE account_id = ?").run(accountId);
  }
}
