import "server-only";
import { migrateModule, type ConsoleDb } from "../console-db/db";

/** One image deployment of a function, as the image panel's history lists it. */
export interface ImageDeployment {
  id: number;
  targetId: string;
  functionName: string;
  kind: "create" | "deploy" | "rollback";
  /** The URI as deployed (a tag, or a digest for rollbacks). */
  imageUri: string;
  /** The URI pinned by digest that Lambda resolved, when it got that far. */
  resolvedImageUri: string | null;
  digest: string | null;
  result: "ok" | "failed";
  message: string | null;
  actor: string;
  actorName: string | null;
  at: string;
}

export type NewImageDeployment = Omit<ImageDeployment, "id" | "at">;

// APPEND new steps; never edit a shipped one.
const SCHEMA: readonly string[] = [
  `CREATE TABLE image_deployments (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     target_id TEXT NOT NULL,
     function_name TEXT NOT NULL,
     kind TEXT NOT NULL,
     image_uri TEXT NOT NULL,
     resolved_image_uri TEXT,
     digest TEXT,
     result TEXT NOT NULL,
     message TEXT,
     actor TEXT NOT NULL,
     actor_name TEXT,
     at TEXT NOT NULL
   );
   CREATE INDEX image_deployments_fn ON image_deployments (target_id, function_name, id)`,
];

interface Row {
  id: number;
  target_id: string;
  function_name: string;
  kind: string;
  image_uri: string;
  resolved_image_uri: string | null;
  digest: string | null;
  result: string;
  message: string | null;
  actor: string;
  actor_name: string | null;
  at: string;
}

const toDeployment = (r: Row): ImageDeployment => ({
  id: r.id,
  targetId: r.target_id,
  functionName: r.function_name,
  kind: r.kind === "create" || r.kind === "rollback" ? r.kind : "deploy",
  imageUri: r.image_uri,
  resolvedImageUri: r.resolved_image_uri,
  digest: r.digest,
  result: r.result === "ok" ? "ok" : "failed",
  message: r.message,
  actor: r.actor,
  actorName: r.actor_name,
  at: r.at,
});

/** Who deployed which image to which function, and how it went (console SQLite). */
export class ImageHistoryStore {
  constructor(private readonly db: ConsoleDb) {
    migrateModule(db, "image-history", SCHEMA);
  }

  record(entry: NewImageDeployment, now: Date = new Date()): ImageDeployment {
    const info = this.db
      .prepare(
        `INSERT INTO image_deployments
           (target_id, function_name, kind, image_uri, resolved_image_uri, digest, result, message, actor, actor_name, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        entry.targetId,
        entry.functionName,
        entry.kind,
        entry.imageUri,
        entry.resolvedImageUri,
        entry.digest,
        entry.result,
        entry.message,
        entry.actor,
        entry.actorName,
        now.toISOString(),
      );
    return { ...entry, id: Number(info.lastInsertRowid), at: now.toISOString() };
  }

  /** Newest first. */
  list(targetId: string, functionName: string, limit = 50): ImageDeployment[] {
    const rows = this.db
      .prepare(
        "SELECT * FROM image_deployments WHERE target_id = ? AND function_name = ? ORDER BY id DESC LIMIT ?",
      )
      .all(targetId, functionName, limit) as Row[];
    return rows.map(toDeployment);
  }

  get(id: number): ImageDeployment | undefined {
    const row = this.db.prepare("SELECT * FROM image_deployments WHERE id = ?").get(id) as
      Row | undefined;
    return row ? toDeployment(row) : undefined;
  }
}
