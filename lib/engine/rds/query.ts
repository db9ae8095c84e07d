import type { Operation, OperationOf, RequestHead } from "../http/operations";
import { DEFAULT_MAX_BODY, protocolError } from "../http/operations";
import type { EngineRequest, EngineResponse } from "../http/types";

/**
 * The awsQuery protocol as RDS speaks it: a form body (`Action=CreateDBProxy&Version=2014-10-31&
 * Auth.member.1.SecretArn=…`) in, `<ActionResponse><ActionResult>…` XML out.
 */
const RDS_XMLNS = "http://rds.amazonaws.com/doc/2014-10-31/";

/** An error RDS sends: its code (the model's `error.code`), status and message. */
export class RdsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
  toResponse(): EngineResponse {
    return protocolError("awsQuery", this.status, this.code, this.message, "Message");
  }
}

export const invalidParameter = (message: string) => new RdsError("InvalidParameterValue", message);
const missingParameter = (name: string) =>
  new RdsError("MissingParameter", `The request must contain the parameter ${name}`);

/** The action is in the form body, which the router has not read yet: authorize as rds:*. */
export const rdsOperation: OperationOf = (head: RequestHead): Operation => {
  const action = head.query.get("Action") ?? "*";
  return {
    action: `rds:${action}`,
    protocol: "awsQuery",
    maxBodyBytes: DEFAULT_MAX_BODY,
    limitName: action,
  };
};

/** Flat form parameters with the list and structure readers RDS's inputs need. */
export class QueryParams {
  readonly raw: URLSearchParams;
  constructor(req: EngineRequest) {
    const body = req.body.toString("utf8");
    this.raw = new URLSearchParams(body);
    for (const [k, v] of req.query) if (!this.raw.has(k)) this.raw.set(k, v);
  }
  get action(): string {
    return this.raw.get("Action") ?? "";
  }
  str(name: string): string | undefined {
    return this.raw.get(name) ?? undefined;
  }
  required(name: string): string {
    const v = this.str(name);
    if (v === undefined || v === "") throw missingParameter(name);
    return v;
  }
  bool(name: string): boolean | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    if (v !== "true" && v !== "false") throw invalidParameter(`Invalid value for ${name}: ${v}`);
    return v === "true";
  }
  int(name: string): number | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n)) throw invalidParameter(`Invalid value for ${name}: ${v}`);
    return n;
  }
  /** `Name.member.N` (or `Name.<member>.N`) values, in order. */
  list(name: string): string[] {
    return this.indexed(name).map((p) => this.raw.get(p) ?? "");
  }
  /** `Name.member.N.Field` structures, in order, as field → value maps. */
  structs(name: string): Record<string, string>[] {
    const out = new Map<number, Record<string, string>>();
    for (const [k, v] of this.raw) {
      const m = new RegExp(`^${name}\\.[A-Za-z]+\\.(\\d+)\\.(.+)$`).exec(k);
      if (!m) continue;
      const i = Number(m[1]);
      const s = out.get(i) ?? {};
      s[m[2] ?? ""] = v;
      out.set(i, s);
    }
    return [...out.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
  }
  /** `Name.Field` members of a structure parameter. */
  struct(name: string): Record<string, string> | undefined {
    const out: Record<string, string> = {};
    let any = false;
    for (const [k, v] of this.raw) {
      if (!k.startsWith(`${name}.`)) continue;
      out[k.slice(name.length + 1)] = v;
      any = true;
    }
    return any ? out : undefined;
  }
  private indexed(name: string): string[] {
    const keys: [number, string][] = [];
    for (const k of this.raw.keys()) {
      const m = new RegExp(`^${name}\\.[A-Za-z]+\\.(\\d+)$`).exec(k);
      if (m) keys.push([Number(m[1]), k]);
    }
    return keys.sort((a, b) => a[0] - b[0]).map(([, k]) => k);
  }
}

/** An XML node: a scalar, a nested structure, or a list with its member element name. */
export type XmlValue =
  string | number | boolean | Date | undefined | XmlList | { [key: string]: XmlValue };
class XmlList {
  constructor(
    readonly member: string,
    readonly items: XmlValue[],
  ) {}
}
export const xmlList = (member: string, items: XmlValue[]) => new XmlList(member, items);

const escape = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] ?? c,
  );

function toXml(name: string, value: XmlValue): string {
  if (value === undefined) return "";
  if (value instanceof XmlList)
    return `<${name}>${value.items.map((i) => toXml(value.member, i)).join("")}</${name}>`;
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (typeof value === "object")
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => toXml(k, v))
      .join("")}</${name}>`;
  return `<${name}>${escape(String(value))}</${name}>`;
}

/** `<ActionResponse xmlns><ActionResult>…</ActionResult><ResponseMetadata>` as RDS answers. */
export function queryResponse(
  action: string,
  result: Record<string, XmlValue>,
  xmlns = RDS_XMLNS,
): EngineResponse {
  const requestId = crypto.randomUUID();
  const inner = Object.entries(result)
    .map(([k, v]) => toXml(k, v))
    .join("");
  const body =
    `<${action}Response xmlns="${xmlns}"><${action}Result>${inner}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
  return {
    status: 200,
    headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
    body,
  };
}
