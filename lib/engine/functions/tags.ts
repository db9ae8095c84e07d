import { invalidParameter } from "../errors/aws-error";
import { constraintError, parseFunctionRef } from "./arn";
import { newRevisionId, type FunctionsCore } from "./core";
import { checkTags, TAG_PATTERN } from "./tag-rules";
import { MAX_UNZIPPED_BYTES, MAX_ZIPPED_BYTES } from "./zip";

const TAGGABLE_PATTERN =
  "arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function|code-signing-config|event-source-mapping|capacity-provider):.*";

/** Tags live on the function: the resource must be its unqualified ARN. */
function functionOf(core: FunctionsCore, resource: string): string {
  if (!resource.startsWith("arn:")) {
    throw constraintError(
      resource,
      "resource",
      `Member must satisfy regular expression pattern: ${TAGGABLE_PATTERN}`,
    );
  }
  const ref = parseFunctionRef(resource);
  if (ref.qualifier !== undefined)
    throw invalidParameter("Tags are not supported for resources with qualifiers.");
  core.requireFunction(ref.name);
  return ref.name;
}

/**
 * Tagging changes the function: AWS gives $LATEST a new RevisionId. Not while it is being created
 * or updated, where the revision is what the settling step checks its work against.
 */
function touchRevision(core: FunctionsCore, name: string): void {
  const latest = core.store.getVersion(name, "$LATEST");
  if (
    !latest ||
    latest.config.State === "Pending" ||
    latest.config.LastUpdateStatus === "InProgress"
  )
    return;
  core.store.putVersion({ ...latest, config: { ...latest.config, RevisionId: newRevisionId() } });
}

export function listTags(core: FunctionsCore, resource: string): { Tags: Record<string, string> } {
  const name = functionOf(core, resource);
  return { Tags: core.requireFunction(name).tags };
}

export function tagResource(
  core: FunctionsCore,
  resource: string,
  tags: Record<string, string> | undefined,
): void {
  if (tags === undefined) throw constraintError(null, "tags", "Member must not be null");
  const name = functionOf(core, resource);
  const existing = core.requireFunction(name).tags;
  checkTags(tags, existing);
  const merged = { ...existing, ...tags };
  core.store.transaction(() => {
    core.store.setTags(name, merged);
    touchRevision(core, name);
  });
  core.emit(name, "tags");
}

export function untagResource(core: FunctionsCore, resource: string, keys: string[]): void {
  if (keys.length === 0) throw constraintError(null, "tagKeys", "Member must not be null");
  const bad = keys.filter((k) => k.length < 1 || k.length > 128);
  if (bad.length > 0)
    throw constraintError(
      keys,
      "tagKeys",
      `Member must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: ${TAG_PATTERN}, Member must not be null]`,
    );
  const name = functionOf(core, resource);
  const tags = { ...core.requireFunction(name).tags };
  for (const k of keys) delete tags[k];
  core.store.transaction(() => {
    core.store.setTags(name, tags);
    touchRevision(core, name);
  });
  core.emit(name, "tags");
}

/** Minimum unreserved concurrency Lambda keeps for functions without a reservation. */
const MIN_UNRESERVED = 100;

export function getAccountSettings(core: FunctionsCore) {
  const reservedTotal = core.store.reservedConcurrencyTotal();
  const limit = core.ctx.config.concurrencyLimit;
  return {
    AccountLimit: {
      TotalCodeSize: 80_530_636_800,
      CodeSizeUnzipped: MAX_UNZIPPED_BYTES,
      CodeSizeZipped: MAX_ZIPPED_BYTES,
      ConcurrentExecutions: limit,
      UnreservedConcurrentExecutions: Math.max(
        Math.min(MIN_UNRESERVED, limit),
        limit - reservedTotal,
      ),
    },
    AccountUsage: {
      TotalCodeSize: core.store.totalCodeSize(),
      FunctionCount: core.store.countFunctions(),
    },
  };
}
