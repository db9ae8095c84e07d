/** The saved test event a function created from a blueprint starts with. */
export const BLUEPRINT_TEST_EVENT_NAME = "blueprint-sample";

/** A placeholder role for targets that do not check roles (the local engine accepts any ARN). */
export function defaultRoleArn(targetKind: "local" | "aws", accountId: string): string {
  return targetKind === "local" ? `arn:aws:iam::${accountId}:role/lambda-console-execution` : "";
}
