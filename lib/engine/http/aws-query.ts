import {
  DEFAULT_MAX_BODY,
  protocolError,
  type Operation,
  type OperationOf,
  type RequestHead,
} from "./operations";
import type { EngineRequest, EngineResponse } from "./types";

/**
 * The awsQuery protocol, shared by the services that speak it (RDS, CloudWatch's query form):
 * a form body (`Action=ListMetrics&Version=2010-08-01&Dimensions.member.1.Name=…`) in,
 * `<ActionResponse xmlns><ActionResult>…` XML out, `<ErrorResponse><Error>` XML errors.
 */

/** An error a query service sends: its code (the model's `error.code`), message and status. */
export class QueryError extends Error {
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

export const invalidQueryParameter = (message: string) =>
  new QueryError("InvalidParameterValue", message);
const missingQueryParameter = (name: string) =>
  new QueryError("MissingParameter", `The request must contain the parameter ${name}`);
export const invalidAction = (action: string) =>
  new QueryError(
    "InvalidAction",
    `The action ${action || "(none)"} is not valid for this web service.`,
  );

const queryAction = (prefix: string, action: string, protocol: Operation["protocol"]) => ({
  action: `${prefix}:${action}`,
  protocol,
  maxBodyBytes: DEFAULT_MAX_BODY,
  limitName: action,
});

/**
 * The operation of a query request, as `<prefix>:<Action>`. The router matches on the head, where
 * only a GET's query string names the action ("*" until then); `body` reads it from the form once
 * the body is in, so authorization and the audit trail see the real action.
 */
export function queryOperation(prefix: string): {
  head: OperationOf;
  body: (req: EngineRequest) => Operation;
} {
  return {
    head: (head: RequestHead) => queryAction(prefix, head.query.get("Action") ?? "*", "awsQuery"),
    body: (req) => queryAction(prefix, new QueryParams(req).action || "*", "awsQuery"),
  };
}

/** Flat form parameters (body, then query string) with the list and structure readers inputs need. */
export class QueryParams {
  readonly raw: URLSearchParams;
  constructor(req: Pick<EngineRequest, "body" | "query">) {
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
    if (v === undefined || v === "") throw missingQueryParameter(name);
    return v;
  }
  bool(name: string): boolean | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    if (v !== "true" && v !== "false")
      throw invalidQueryParameter(`Invalid value for ${name}: ${v}`);
    return v === "true";
  }
  int(name: string): number | undefined {
    const v = this.str(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n)) throw invalidQueryParameter(`Invalid value for ${name}: ${v}`);
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

/** How a member's form text is typed; strings (and timestamps, ISO 8601 text) need no entry. */
export type QueryMemberType = "integer" | "double" | "boolean" | "list";

/**
 * The whole form as the JSON protocols' input document: `A.member.N.B` becomes `A: [{ B }]`,
 * `A.B` becomes `A: { B }`, and members named in `types` are typed (an empty `A=` is an empty
 * list). Text that is not of its type is left as text, so the operation's own check refuses it.
 */
export function queryInput(
  params: QueryParams,
  types: Record<string, QueryMemberType>,
): Record<string, unknown> {
  const root: Tree = new Map();
  for (const [key, value] of params.raw) {
    if (key === "Action" || key === "Version") continue;
    const parts = key.split(".");
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const next = node.get(part);
      if (next instanceof Map) node = next;
      else node.set(part, (node = new Map()));
    }
    node.set(parts[parts.length - 1] ?? "", value);
  }
  return toDocument(root, types) as Record<string, unknown>;
}

type Tree = Map<string, string | Tree>;

function toDocument(tree: Tree, types: Record<string, QueryMemberType>): unknown {
  const member = tree.get("member");
  if (tree.size === 1 && member instanceof Map) {
    return [...member.entries()]
      .filter(([i]) => /^\d+$/.test(i))
      .sort((a, b) => Number(a[0]) - Number(b[0]))
      .map(([, v]) => (v instanceof Map ? toDocument(v, types) : v));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of tree) {
    out[k] = v instanceof Map ? toDocument(v, types) : typed(v, types[k]);
  }
  return out;
}

function typed(text: string, type: QueryMemberType | undefined): unknown {
  if (type === "list") return text === "" ? [] : text;
  if (type === "boolean") return text === "true" ? true : text === "false" ? false : text;
  if (type === "integer" || type === "double") {
    const n = Number(text);
    return text.trim() !== "" && Number.isFinite(n) ? n : text;
  }
  return text;
}

/**
 * An XML node: a scalar, a structure, a list (an array: `<member>` items, or an XmlList with its
 * own member name) or a map (`<entry><key/><value/></entry>`).
 */
export type XmlValue =
  | string
  | number
  | boolean
  | Date
  | undefined
  | null
  | XmlList
  | XmlValue[]
  | Map<string, XmlValue>
  | { [key: string]: XmlValue };
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
  if (value === undefined || value === null) return "";
  if (value instanceof XmlList) return listXml(name, value.member, value.items);
  if (Array.isArray(value)) return listXml(name, "member", value);
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (value instanceof Map) {
    const entries = [...value].map(
      ([k, v]) => `<entry>${toXml("key", k)}${toXml("value", v)}</entry>`,
    );
    return `<${name}>${entries.join("")}</${name}>`;
  }
  if (typeof value === "object")
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => toXml(k, v))
      .join("")}</${name}>`;
  return `<${name}>${escape(String(value))}</${name}>`;
}

/** A JSON protocol's output document as XML: arrays become `<member>` lists, Maps entries. */
function documentXml(doc: unknown): XmlValue {
  if (doc === null || doc === undefined) return undefined;
  if (Array.isArray(doc)) return doc.map(documentXml);
  if (doc instanceof Map)
    return new Map(
      [...(doc as Map<unknown, unknown>)].map(([k, v]) => [String(k), documentXml(v)]),
    );
  if (doc instanceof Date || doc instanceof XmlList) return doc;
  if (typeof doc === "object")
    return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, documentXml(v)]));
  if (typeof doc === "string" || typeof doc === "number" || typeof doc === "boolean") return doc;
  return String(doc);
}

/** The members of an output document, as queryResponse takes them. */
export const documentFields = (doc: Record<string, unknown>): Record<string, XmlValue> =>
  Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, documentXml(v)]));

const listXml = (name: string, member: string, items: XmlValue[]) =>
  `<${name}>${items.map((i) => toXml(member, i)).join("")}</${name}>`;

/** `<ActionResponse xmlns><ActionResult>…</ActionResult><ResponseMetadata>` as query services answer. */
export function queryResponse(
  action: string,
  result: Record<string, XmlValue>,
  xmlns: string,
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
