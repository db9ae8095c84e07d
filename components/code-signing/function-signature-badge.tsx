import type { Target } from "@/lib/targets/types";
import { settle } from "@/lib/aws/errors";
import { getSignatureStatus } from "@/lib/aws/code-signing-configs";
import { SignatureBadge } from "./signature-badge";

/** The function page header's signature badge; shows nothing when the target cannot say. */
export async function FunctionSignatureBadge({
  target,
  functionName,
}: {
  target: Target;
  functionName: string;
}) {
  const status = await settle(getSignatureStatus(target, functionName));
  return status.ok ? <SignatureBadge status={status.data} /> : null;
}
