import {
  functionNotFound,
  isVersionNumber,
  parseFunctionRef,
  constraintError,
} from "../functions/arn";
import { newRevisionId, REVISION_MISMATCH, type FunctionsCore } from "../functions/core";
import {
  AwsError,
  invalidParameter,
  preconditionFailed,
  resourceConflict,
  resourceNotFound,
} from "../errors/aws-error";
import {
  buildStatement,
  statementAllows,
  type PolicyStatement,
  type RequestContext,
} from "./statement";

/** AWS's cap on a function's policy document, in bytes. */
const MAX_POLICY_BYTES = 20_480;

interface PolicyRow {
  statements: string;
  revision_id: string;
}

export interface StoredPolicy {
  statements: PolicyStatement[];
  revisionId: string;
}

/** The policy document as GetPolicy returns it (a JSON string, AWS's key order). */
function policyDocument(statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Id: "default", Statement: statements });
}

/**
 * Resource-based policies per function and qualifier ('' = unqualified): AddPermission,
 * RemovePermission, GetPolicy, and the check the function URL server runs.
 */
export class PolicyService {
  constructor(private readonly core: FunctionsCore) {}

  /** Resolves name + Qualifier to the policy's key; the version or alias must exist. */
  private target(rawName: string, qualifier: string | undefined): { name: string; q: string } {
    if (qualifier !== undefined && !/^[a-zA-Z0-9$_-]*$/.test(qualifier))
      throw constraintError(
        qualifier,
        "qualifier",
        "Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)",
      );
    const ref = parseFunctionRef(rawName, qualifier === "" ? undefined : qualifier);
    this.core.requireFunction(ref.name);
    const q = ref.qualifier ?? "";
    if (q !== "" && q !== "$LATEST") {
      const exists = isVersionNumber(q)
        ? this.core.store.getVersion(ref.name, q)
        : this.core.store.getAlias(ref.name, q);
      if (!exists) throw functionNotFound(this.core.arn(ref.name, q));
    }
    return { name: ref.name, q };
  }

  read(name: string, q: string): StoredPolicy | undefined {
    const row = this.core.ctx.db
      .prepare<[string, string], PolicyRow>(
        "SELECT statements, revision_id FROM function_policies WHERE function_name = ? AND qualifier = ?",
      )
      .get(name, q);
    return (
      row && {
        statements: JSON.parse(row.statements) as PolicyStatement[],
        revisionId: row.revision_id,
      }
    );
  }

  private write(name: string, q: string, statements: PolicyStatement[]): string {
    const revisionId = newRevisionId();
    if (statements.length === 0) {
      this.core.ctx.db
        .prepare("DELETE FROM function_policies WHERE function_name = ? AND qualifier = ?")
        .run(name, q);
    } else {
      this.core.ctx.db
        .prepare(
          "INSERT OR REPLACE INTO function_policies (function_name, qualifier, statements, revision_id) VALUES (?, ?, ?, ?)",
        )
        .run(name, q, JSON.stringify(statements), revisionId);
    }
    return revisionId;
  }

  /** The RevisionId a caller may hold: the policy's, or the function's/alias's before any policy. */
  private currentRevision(name: string, q: string, policy: StoredPolicy | undefined): string {
    if (policy) return policy.revisionId;
    if (q !== "" && !isVersionNumber(q) && q !== "$LATEST")
      return this.core.store.getAlias(name, q)?.revisionId ?? "";
    return this.core.store.getVersion(name, q === "" ? "$LATEST" : q)?.config.RevisionId ?? "";
  }

  add(
    rawName: string,
    qualifier: string | undefined,
    body: Record<string, unknown>,
  ): { Statement: string } {
    const { name, q } = this.target(rawName, qualifier);
    if (q === "$LATEST")
      throw invalidParameter("We currently do not support adding policies for $LATEST.");
    const statement = buildStatement(body, this.core.arn(name, q === "" ? undefined : q));
    const policy = this.read(name, q);
    const revision = body.RevisionId;
    if (typeof revision === "string" && revision !== this.currentRevision(name, q, policy))
      throw preconditionFailed(REVISION_MISMATCH);
    const statements = policy?.statements ?? [];
    if (statements.some((s) => s.Sid === statement.Sid))
      throw resourceConflict(
        "The statement id (" +
          statement.Sid +
          ") provided already exists. Please provide a new statement id, or remove the existing statement.",
      );
    const next = [...statements, statement];
    const size = Buffer.byteLength(policyDocument(next));
    if (size > MAX_POLICY_BYTES)
      throw new AwsError(
        400,
        "PolicyLengthExceededException",
        `The final policy size (${size}) is bigger than the limit (${MAX_POLICY_BYTES}).`,
        "message",
      );
    this.write(name, q, next);
    return { Statement: JSON.stringify(statement) };
  }

  remove(
    rawName: string,
    sid: string,
    qualifier: string | undefined,
    revision: string | undefined,
  ): void {
    const { name, q } = this.target(rawName, qualifier);
    const policy = this.read(name, q);
    if (!policy) throw resourceNotFound("No policy is associated with the given resource.");
    if (revision !== undefined && revision !== policy.revisionId)
      throw preconditionFailed(REVISION_MISMATCH);
    if (!policy.statements.some((s) => s.Sid === sid))
      throw resourceNotFound(`Statement ${sid} is not found in resource policy.`);
    this.write(
      name,
      q,
      policy.statements.filter((s) => s.Sid !== sid),
    );
  }

  get(rawName: string, qualifier: string | undefined): { Policy: string; RevisionId: string } {
    const { name, q } = this.target(rawName, qualifier);
    const policy = this.read(name, q === "$LATEST" ? "" : q);
    if (!policy) throw resourceNotFound("The resource you requested does not exist.");
    return { Policy: policyDocument(policy.statements), RevisionId: policy.revisionId };
  }

  /** Whether the policy of (function, qualifier) lets this request through. */
  allows(name: string, q: string, req: RequestContext): boolean {
    return (this.read(name, q)?.statements ?? []).some((s) => statementAllows(s, req));
  }
}
