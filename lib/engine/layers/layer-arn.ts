import { constraintError } from "../functions/arn";

/** The service model's patterns, quoted in ValidationException messages as AWS does. */
const LAYER_NAME_PATTERN =
  "(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+)|[a-zA-Z0-9-_]+";
export const LAYER_VERSION_ARN_PATTERN =
  "(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)";

const NAME_RE =
  /^(?:arn:(?:aws[a-zA-Z-]*)?:lambda:((?:eusc-)?[a-z]{2}(?:(?:-gov)|(?:-iso[a-z]?))?-[a-z]+-\d):(\d{12}):layer:)?([a-zA-Z0-9-_]+)$/;
const VERSION_ARN_RE =
  /^arn:(?:aws[a-zA-Z-]*)?:lambda:((?:eusc-)?[a-z]{2}(?:(?:-gov)|(?:-iso[a-z]?))?-[a-z]+-\d):(\d{12}):layer:([a-zA-Z0-9-_]+):([0-9]+)$/;

export interface LayerRef {
  name: string;
  region?: string;
  account?: string;
}

export interface LayerVersionRef extends LayerRef {
  version: number;
}

/** arn:aws:lambda:<region>:<account>:layer:<name> */
export const layerArn = (arnPrefix: string, name: string) => `${arnPrefix}layer:${name}`;
export const layerVersionArn = (arnPrefix: string, name: string, version: number) =>
  `${arnPrefix}layer:${name}:${version}`;

/** LayerName as the API takes it: a name or a layer ARN (1 to 140 characters). */
export function parseLayerName(raw: string): LayerRef {
  if (raw.length > 140)
    throw constraintError(raw, "layerName", "Member must have length less than or equal to 140");
  const m = NAME_RE.exec(raw);
  if (!m)
    throw constraintError(
      raw,
      "layerName",
      `Member must satisfy regular expression pattern: ${LAYER_NAME_PATTERN}`,
    );
  return { name: m[3] ?? "", region: m[1], account: m[2] };
}

/** A layer version ARN (arn:aws:lambda:<region>:<account>:layer:<name>:<version>), or undefined. */
export function parseLayerVersionArn(raw: string): LayerVersionRef | undefined {
  const m = raw.length <= 2048 ? VERSION_ARN_RE.exec(raw) : null;
  if (!m) return undefined;
  return { region: m[1], account: m[2], name: m[3] ?? "", version: Number(m[4]) };
}
