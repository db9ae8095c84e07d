import { invalidParameter } from "../errors/aws-error";
import { Violations } from "../../lambda-rules/constraints";
import { throwViolations } from "./arn";

/** The model's TagKey / TagValue pattern, quoted as AWS quotes it. */
export const TAG_PATTERN = "([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)";
const TAG_RE = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;
const MAX_TAGS = 50;

const KEY_CONSTRAINT = `Map keys must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ${TAG_PATTERN}]`;
const VALUE_CONSTRAINT = `Map value must satisfy constraint: [Member must have length less than or equal to 256, Member must have length greater than or equal to 0, Member must satisfy regular expression pattern: ${TAG_PATTERN}]`;

/** A map as AWS prints one in a message: {k=v, k2=v2}. */
const shownMap = (tags: Record<string, string>) =>
  `{${Object.entries(tags)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ")}}`;

/**
 * Tags as TagResource and CreateFunction take them: the model's key and value constraints
 * (one violation per kind, naming the whole map, as AWS words map constraints), then Lambda's
 * own rules: no aws: prefix, at most 50 on the function (counting the ones it has).
 */
export function checkTags(tags: Record<string, string>, existing: Record<string, string> = {}) {
  const v = new Violations();
  const entries = Object.entries(tags);
  const badKey = (k: string) => k.length < 1 || k.length > 128 || !TAG_RE.test(k);
  const badValue = (x: string) => x.length > 256 || !TAG_RE.test(x);
  if (entries.some(([k]) => badKey(k))) v.add(shownMap(tags), "tags", KEY_CONSTRAINT);
  if (entries.some(([, x]) => badValue(x))) v.add(shownMap(tags), "tags", VALUE_CONSTRAINT);
  throwViolations(v);
  if (entries.some(([k]) => k.toLowerCase().startsWith("aws:")))
    throw invalidParameter("Tag keys cannot start with 'aws:' (case insensitive).");
  if (Object.keys({ ...existing, ...tags }).length > MAX_TAGS)
    throw invalidParameter("Number of tags exceeds resource tag limit.");
}
