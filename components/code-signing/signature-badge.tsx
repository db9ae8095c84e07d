import type { SignatureStatus } from "@/lib/aws/code-signing-configs";

const tone = {
  ok: "bg-green-50 text-green-900 dark:bg-green-950/40 dark:text-green-200",
  warn: "bg-amber-50 text-amber-900 dark:bg-amber-950/40 dark:text-amber-200",
  plain: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
};

/** The deployed package's signature: profile, version and expiry, or why it is not trusted. */
export function SignatureBadge({ status }: { status: SignatureStatus }) {
  if (status.kind === "none") return null;
  if (status.kind === "unsigned")
    return (
      <span data-testid="signature-badge" className={`rounded px-2 py-0.5 text-xs ${tone.warn}`}>
        Unsigned code ({status.policy} policy)
      </span>
    );
  const expires = status.expiresAt ? `, expires ${status.expiresAt.slice(0, 10)}` : "";
  return (
    <span
      data-testid="signature-badge"
      title={status.profileVersionArn}
      className={`rounded px-2 py-0.5 text-xs ${status.warning ? tone.warn : tone.ok}`}
    >
      Signed by {status.profileName} ({status.profileVersion}){expires}
      {status.warning ? ` · ${status.warning}` : ""}
    </span>
  );
}
