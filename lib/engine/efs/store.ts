import type { Db } from "../store/db";
import type {
  AccessPointDescription,
  FileSystemDescription,
  MountTargetDescription,
} from "./types";

type Row = { doc: string };

/** SQLite rows of the EFS subset: one JSON description per resource, in creation order. */
export class EfsStore {
  constructor(private readonly db: Db) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  insertFileSystem(fs: FileSystemDescription): void {
    this.db
      .prepare(
        "INSERT INTO efs_file_systems (id, creation_token, created_at, doc) VALUES (?, ?, ?, ?)",
      )
      .run(fs.FileSystemId, fs.CreationToken, Date.now(), JSON.stringify(fs));
  }

  putFileSystem(fs: FileSystemDescription): void {
    this.db
      .prepare("UPDATE efs_file_systems SET doc = ? WHERE id = ?")
      .run(JSON.stringify(fs), fs.FileSystemId);
  }

  getFileSystem(id: string): FileSystemDescription | undefined {
    const r = this.db.prepare("SELECT doc FROM efs_file_systems WHERE id = ?").get(id) as
      Row | undefined;
    return r && (JSON.parse(r.doc) as FileSystemDescription);
  }

  fileSystemByToken(token: string): FileSystemDescription | undefined {
    const r = this.db
      .prepare("SELECT doc FROM efs_file_systems WHERE creation_token = ?")
      .get(token) as Row | undefined;
    return r && (JSON.parse(r.doc) as FileSystemDescription);
  }

  listFileSystems(): FileSystemDescription[] {
    return (
      this.db.prepare("SELECT doc FROM efs_file_systems ORDER BY created_at, id").all() as Row[]
    ).map((r) => JSON.parse(r.doc) as FileSystemDescription);
  }

  deleteFileSystem(id: string): void {
    this.db.prepare("DELETE FROM efs_file_systems WHERE id = ?").run(id);
  }

  insertAccessPoint(ap: AccessPointDescription): void {
    this.db
      .prepare(
        "INSERT INTO efs_access_points (id, file_system_id, client_token, created_at, doc) VALUES (?, ?, ?, ?, ?)",
      )
      .run(ap.AccessPointId, ap.FileSystemId, ap.ClientToken, Date.now(), JSON.stringify(ap));
  }

  putAccessPoint(ap: AccessPointDescription): void {
    this.db
      .prepare("UPDATE efs_access_points SET doc = ? WHERE id = ?")
      .run(JSON.stringify(ap), ap.AccessPointId);
  }

  getAccessPoint(id: string): AccessPointDescription | undefined {
    const r = this.db.prepare("SELECT doc FROM efs_access_points WHERE id = ?").get(id) as
      Row | undefined;
    return r && (JSON.parse(r.doc) as AccessPointDescription);
  }

  accessPointByToken(token: string): AccessPointDescription | undefined {
    const r = this.db
      .prepare("SELECT doc FROM efs_access_points WHERE client_token = ?")
      .get(token) as Row | undefined;
    return r && (JSON.parse(r.doc) as AccessPointDescription);
  }

  listAccessPoints(fileSystemId?: string): AccessPointDescription[] {
    const rows = (
      fileSystemId === undefined
        ? this.db.prepare("SELECT doc FROM efs_access_points ORDER BY created_at, id").all()
        : this.db
            .prepare(
              "SELECT doc FROM efs_access_points WHERE file_system_id = ? ORDER BY created_at, id",
            )
            .all(fileSystemId)
    ) as Row[];
    return rows.map((r) => JSON.parse(r.doc) as AccessPointDescription);
  }

  deleteAccessPoint(id: string): void {
    this.db.prepare("DELETE FROM efs_access_points WHERE id = ?").run(id);
  }

  insertMountTarget(mt: MountTargetDescription): void {
    this.db
      .prepare(
        "INSERT INTO efs_mount_targets (id, file_system_id, created_at, doc) VALUES (?, ?, ?, ?)",
      )
      .run(mt.MountTargetId, mt.FileSystemId, Date.now(), JSON.stringify(mt));
  }

  putMountTarget(mt: MountTargetDescription): void {
    this.db
      .prepare("UPDATE efs_mount_targets SET doc = ? WHERE id = ?")
      .run(JSON.stringify(mt), mt.MountTargetId);
  }

  getMountTarget(id: string): MountTargetDescription | undefined {
    const r = this.db.prepare("SELECT doc FROM efs_mount_targets WHERE id = ?").get(id) as
      Row | undefined;
    return r && (JSON.parse(r.doc) as MountTargetDescription);
  }

  listMountTargets(fileSystemId?: string): MountTargetDescription[] {
    const rows = (
      fileSystemId === undefined
        ? this.db.prepare("SELECT doc FROM efs_mount_targets ORDER BY created_at, id").all()
        : this.db
            .prepare(
              "SELECT doc FROM efs_mount_targets WHERE file_system_id = ? ORDER BY created_at, id",
            )
            .all(fileSystemId)
    ) as Row[];
    return rows.map((r) => JSON.parse(r.doc) as MountTargetDescription);
  }

  deleteMountTarget(id: string): void {
    this.db.prepare("DELETE FROM efs_mount_targets WHERE id = ?").run(id);
  }

  /** Names of functions whose $LATEST or a published version mounts the access point. */
  functionsUsing(accessPointArns: string[]): string[] {
    if (accessPointArns.length === 0) return [];
    const rows = this.db
      .prepare(
        "SELECT DISTINCT function_name AS name, config FROM versions WHERE config LIKE '%FileSystemConfigs%'",
      )
      .all() as { name: string; config: string }[];
    const wanted = new Set(accessPointArns);
    return rows
      .filter((r) => {
        const c = JSON.parse(r.config) as { FileSystemConfigs?: { Arn: string }[] };
        return (c.FileSystemConfigs ?? []).some((f) => wanted.has(f.Arn));
      })
      .map((r) => r.name)
      .filter((n, i, all) => all.indexOf(n) === i);
  }
}
