import type { EngineContext } from "../../context";
import { parseJsonBody, type EngineRequest } from "../../http/types";
import { LogsError, groupNotFound, invalidParameterException, validationError } from "./errors";

/** Typed access to an awsJson1.1 request body, refusing wrong types the way the service does. */
export class Params {
  constructor(readonly body: Record<string, unknown>) {}

  static from(req: EngineRequest): Params {
    if (req.body.length === 0) return new Params({});
    try {
      return new Params(parseJsonBody(req));
    } catch {
      throw new LogsError(400, "SerializationException", "Could not parse request body into json");
    }
  }

  string(name: string): string | undefined {
    const v = this.body[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string")
      throw new LogsError(
        400,
        "SerializationException",
        `STRING_VALUE can not be converted to a String at '${name}'`,
      );
    return v;
  }

  requiredString(name: string): string {
    const v = this.string(name);
    if (v === undefined) throw validationError(null, name, "Member must not be null");
    return v;
  }

  int(name: string, min?: number, max?: number): number | undefined {
    const v = this.body[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v)) {
      throw new LogsError(
        400,
        "SerializationException",
        `NUMBER_VALUE can not be converted to an Integer at '${name}'`,
      );
    }
    if (min !== undefined && v < min)
      throw validationError(v, name, `Member must have value greater than or equal to ${min}`);
    if (max !== undefined && v > max)
      throw validationError(v, name, `Member must have value less than or equal to ${max}`);
    return v;
  }

  bool(name: string): boolean | undefined {
    const v = this.body[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "boolean")
      throw new LogsError(
        400,
        "SerializationException",
        `BOOLEAN_VALUE can not be converted to a Boolean at '${name}'`,
      );
    return v;
  }

  stringList(name: string): string[] | undefined {
    const v = this.body[name];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
      throw new LogsError(400, "SerializationException", `Expected a list of strings at '${name}'`);
    }
    return v as string[];
  }
}

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]+$/;
const STREAM_NAME = /^[^:*]*$/;

export function checkGroupName(name: string, member = "logGroupName"): string {
  if (name.length < 1 || name.length > 512)
    throw validationError(name, member, "Member must have length between 1 and 512");
  if (!GROUP_NAME.test(name))
    throw validationError(
      name,
      member,
      "Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+",
    );
  return name;
}

export function checkStreamName(name: string, member = "logStreamName"): string {
  if (name.length < 1 || name.length > 512)
    throw validationError(name, member, "Member must have length between 1 and 512");
  if (!STREAM_NAME.test(name))
    throw validationError(name, member, "Member must satisfy regular expression pattern: [^:*]*");
  return name;
}

/**
 * logGroupName or logGroupIdentifier (a name or an ARN, with or without the trailing `:*`);
 * AWS refuses both at once.
 */
export function resolveGroupName(
  p: Params,
  ctx: EngineContext,
  required = true,
): string | undefined {
  const name = p.string("logGroupName");
  const ident = p.string("logGroupIdentifier");
  if (name !== undefined && ident !== undefined) {
    throw invalidParameterException(
      "LogGroup name and LogGroup ARN are mutually exclusive parameters.",
    );
  }
  if (name !== undefined) return checkGroupName(name);
  if (ident !== undefined) return groupNameFromIdentifier(ctx, ident, "logGroupIdentifier");
  if (required)
    throw invalidParameterException(
      "Should provide either a log group name or log group identifier.",
    );
  return undefined;
}

/** A log group identifier is its name or its ARN (with or without the trailing `:*`). */
export function groupNameFromIdentifier(ctx: EngineContext, ident: string, member: string): string {
  const prefix = `arn:aws:logs:${ctx.config.region}:${ctx.config.accountId}:log-group:`;
  if (ident.startsWith("arn:")) {
    if (!ident.startsWith(prefix)) throw groupNotFound();
    return ident.slice(prefix.length).replace(/:\*$/, "");
  }
  return checkGroupName(ident, member);
}

export function groupArn(ctx: EngineContext, group: string): string {
  return `arn:aws:logs:${ctx.config.region}:${ctx.config.accountId}:log-group:${group}`;
}
