/**
 * Where an ARN points before anything is looked up: a function ARN or partial ARN
 * (`[<region>:]<account>:function:…`), or the ARN of a code signing config or event source mapping
 * (what tag calls name). Group 1/4: region, 2/5: account, 3: the kind of an ARN.
 */
const NAMED_SCOPE =
  /^(?:arn:[^:]*:lambda:([^:]+):(\d{12}):(function|code-signing-config|event-source-mapping):|(?:((?:eusc-)?[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d):)?(\d{12}):function:)/;

/** The region (when named) and account an ARN or partial ARN names, and the kind of resource. */
export function namedScope(
  raw: string,
): { region?: string; account: string; kind: string } | undefined {
  const m = NAMED_SCOPE.exec(raw);
  if (!m) return undefined;
  const region = m[1] ?? m[4];
  return {
    ...(region === undefined ? {} : { region }),
    account: m[2] ?? m[5] ?? "",
    kind: m[3] ?? "function",
  };
}
