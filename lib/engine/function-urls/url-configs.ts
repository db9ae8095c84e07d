import crypto from "node:crypto";
import {
  constraintError,
  functionNotFound,
  parseFunctionRef,
  validationError,
} from "../functions/arn";
import type { FunctionsCore } from "../functions/core";
import { invalidParameter, resourceConflict, resourceNotFound } from "../errors/aws-error";
import { validateCors, type Cors } from "./cors";

type AuthType = "NONE" | "AWS_IAM";
type InvokeMode = "BUFFERED" | "RESPONSE_STREAM";

export interface UrlConfigRow {
  functionName: string;
  /** '' for the unqualified function, else an alias. */
  qualifier: string;
  urlId: string;
  authType: AuthType;
  cors?: Cors;
  invokeMode: InvokeMode;
  createdAt: string;
  lastModified: string;
}

interface RawRow {
  function_name: string;
  qualifier: string;
  url_id: string;
  auth_type: string;
  cors: string | null;
  invoke_mode: string;
  created_at: string;
  last_modified: string;
}

const toRow = (r: RawRow): UrlConfigRow => ({
  functionName: r.function_name,
  qualifier: r.qualifier,
  urlId: r.url_id,
  authType: r.auth_type as AuthType,
  ...(r.cors ? { cors: JSON.parse(r.cors) as Cors } : {}),
  invokeMode: r.invoke_mode as InvokeMode,
  createdAt: r.created_at,
  lastModified: r.last_modified,
});

const FUNCTION_URL_QUALIFIER = "((?!^\\d+$)^[0-9a-zA-Z-_]+$)";
const notFound = () => resourceNotFound("The resource you requested does not exist.");
// AWS writes these timestamps with microseconds: 2024-05-01T12:00:00.123456Z
const now = () => new Date().toISOString().replace("Z", "000Z");

function authTypeOf(v: unknown, required: boolean): AuthType | undefined {
  if (v === undefined || v === null) {
    if (required)
      throw validationError(
        "1 validation error detected: Value null at 'authType' failed to satisfy constraint: Member must not be null",
      );
    return undefined;
  }
  if (v !== "NONE" && v !== "AWS_IAM")
    throw constraintError(v, "authType", "Member must satisfy enum value set: [NONE, AWS_IAM]");
  return v;
}

function invokeModeOf(v: unknown): InvokeMode | undefined {
  if (v === undefined || v === null) return undefined;
  if (v !== "BUFFERED" && v !== "RESPONSE_STREAM")
    throw constraintError(
      v,
      "invokeMode",
      "Member must satisfy enum value set: [BUFFERED, RESPONSE_STREAM]",
    );
  return v;
}

/** Function URL configurations: one per function or alias, each with its own URL id. */
export class UrlConfigService {
  constructor(
    private readonly core: FunctionsCore,
    /** The listener's origin for an id: http://<id>.lambda-url.<region>.localhost:<port>/ */
    private readonly urlFor: (urlId: string) => string,
  ) {}

  private target(rawName: string, qualifier: string | undefined): { name: string; q: string } {
    if (qualifier !== undefined && (!/^[0-9a-zA-Z-_]+$/.test(qualifier) || /^\d+$/.test(qualifier)))
      throw constraintError(
        qualifier,
        "qualifier",
        `Member must satisfy regular expression pattern: ${FUNCTION_URL_QUALIFIER}`,
      );
    const ref = parseFunctionRef(rawName, qualifier);
    this.core.requireFunction(ref.name);
    const q = ref.qualifier ?? "";
    if (q === "$LATEST" || /^\d+$/.test(q))
      throw constraintError(
        q,
        "qualifier",
        `Member must satisfy regular expression pattern: ${FUNCTION_URL_QUALIFIER}`,
      );
    if (q !== "" && !this.core.store.getAlias(ref.name, q))
      throw functionNotFound(this.core.arn(ref.name, q));
    return { name: ref.name, q };
  }

  read(name: string, q: string): UrlConfigRow | undefined {
    const r = this.core.ctx.db
      .prepare<[string, string], RawRow>(
        "SELECT * FROM function_urls WHERE function_name = ? AND qualifier = ?",
      )
      .get(name, q);
    return r && toRow(r);
  }

  /** The configuration a URL id belongs to (the URL server's lookup). */
  byUrlId(urlId: string): UrlConfigRow | undefined {
    const r = this.core.ctx.db
      .prepare<[string], RawRow>("SELECT * FROM function_urls WHERE url_id = ?")
      .get(urlId);
    if (!r) return undefined;
    // An alias deleted since: its URL went with it, as on AWS.
    if (r.qualifier !== "" && !this.core.store.getAlias(r.function_name, r.qualifier))
      return undefined;
    return toRow(r);
  }

  present(row: UrlConfigRow, withLastModified = true) {
    return {
      FunctionUrl: this.urlFor(row.urlId),
      FunctionArn: this.core.arn(row.functionName, row.qualifier || undefined),
      AuthType: row.authType,
      ...(row.cors ? { Cors: row.cors } : {}),
      CreationTime: row.createdAt,
      ...(withLastModified ? { LastModifiedTime: row.lastModified } : {}),
      InvokeMode: row.invokeMode,
    };
  }

  create(rawName: string, qualifier: string | undefined, body: Record<string, unknown>) {
    const authType = authTypeOf(body.AuthType, true) ?? "NONE";
    const invokeMode = invokeModeOf(body.InvokeMode) ?? "BUFFERED";
    const cors = validateCors(body.Cors);
    const { name, q } = this.target(rawName, qualifier);
    if (this.read(name, q))
      throw resourceConflict(
        `Failed to create function url config for [functionArn = ${this.core.arn(name, q || undefined)}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
      );
    const row: UrlConfigRow = {
      functionName: name,
      qualifier: q,
      urlId: crypto.randomBytes(16).toString("hex"),
      authType,
      ...(cors ? { cors } : {}),
      invokeMode,
      createdAt: now(),
      lastModified: now(),
    };
    this.write(row);
    return this.present(row, false);
  }

  update(rawName: string, qualifier: string | undefined, body: Record<string, unknown>) {
    const authType = authTypeOf(body.AuthType, false);
    const invokeMode = invokeModeOf(body.InvokeMode);
    const cors = validateCors(body.Cors);
    const { name, q } = this.target(rawName, qualifier);
    const row = this.read(name, q);
    if (!row) throw notFound();
    const next: UrlConfigRow = {
      ...row,
      authType: authType ?? row.authType,
      invokeMode: invokeMode ?? row.invokeMode,
      lastModified: now(),
    };
    if (body.Cors !== undefined) {
      if (cors) next.cors = cors;
      else delete next.cors;
    }
    this.write(next);
    return this.present(next);
  }

  get(rawName: string, qualifier: string | undefined) {
    const { name, q } = this.target(rawName, qualifier);
    const row = this.read(name, q);
    if (!row) throw notFound();
    return this.present(row);
  }

  delete(rawName: string, qualifier: string | undefined): void {
    const { name, q } = this.target(rawName, qualifier);
    if (!this.read(name, q)) throw notFound();
    this.core.ctx.db
      .prepare("DELETE FROM function_urls WHERE function_name = ? AND qualifier = ?")
      .run(name, q);
  }

  list(rawName: string, marker: string | null, maxItems: number) {
    const ref = parseFunctionRef(rawName);
    if (ref.qualifier !== undefined)
      throw invalidParameter("Qualifier is not supported for ListFunctionUrlConfigs.");
    this.core.requireFunction(ref.name);
    const rows = this.core.ctx.db
      .prepare<[string], RawRow>(
        "SELECT * FROM function_urls WHERE function_name = ? ORDER BY qualifier",
      )
      .all(ref.name)
      .map(toRow);
    let start = 0;
    if (marker !== null) {
      start = rows.findIndex((r) => r.urlId === marker);
      if (start === -1) throw invalidParameter("Invalid marker.");
    }
    const page = rows.slice(start, start + maxItems);
    const next = rows[start + maxItems];
    return {
      FunctionUrlConfigs: page.map((r) => this.present(r)),
      ...(next ? { NextMarker: next.urlId } : {}),
    };
  }

  private write(r: UrlConfigRow): void {
    this.core.ctx.db
      .prepare(
        "INSERT OR REPLACE INTO function_urls (function_name, qualifier, url_id, auth_type, cors, invoke_mode, created_at, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        r.functionName,
        r.qualifier,
        r.urlId,
        r.authType,
        r.cors ? JSON.stringify(r.cors) : null,
        r.invokeMode,
        r.createdAt,
        r.lastModified,
      );
  }
}
