"use client";

import { useRouter } from "next/navigation";
import { setFunctionFileSystemAction } from "@/app/(console)/file-systems/actions";
import { withTypedConfirm } from "@/components/access/typed-confirm";
import { ActionForm, FieldErrors, fieldClass } from "@/components/function-page/action-form";
import type { FunctionFileSystem } from "@/lib/aws/file-systems-types";

/**
 * Attach an access point at /mnt/<name> (or none, to detach). Lambda mounts EFS only in a VPC:
 * a function outside one is attached to the subnets of the file system's mount targets.
 */
export function AttachFileSystemForm({
  functionName,
  accessPoints,
  current,
  inVpc,
}: {
  functionName: string;
  accessPoints: { arn: string; label: string; subnets: string[] }[];
  current: FunctionFileSystem | undefined;
  inVpc: boolean;
}) {
  const router = useRouter();
  return (
    <ActionForm
      action={async (input: Record<string, unknown>) => {
        const r = await withTypedConfirm(setFunctionFileSystemAction)(input);
        if (r.ok) router.refresh();
        return r;
      }}
      toInput={(f) => {
        const arn = String(f.get("accessPointArn") ?? "");
        const subnets = inVpc ? [] : (accessPoints.find((a) => a.arn === arn)?.subnets ?? []);
        return {
          functionName,
          accessPointArn: arn,
          mountPath: String(f.get("mountPath") ?? ""),
          subnetIds: subnets.join(","),
        };
      }}
      submitLabel="Save file system"
      success="Saved. The function's next environments mount it."
    >
      {(errors) => (
        <div className="grid gap-2 sm:grid-cols-2">
          <label className="grid gap-1">
            Access point
            <select
              name="accessPointArn"
              className={fieldClass}
              defaultValue={current?.accessPointArn ?? ""}
            >
              <option value="">None (detach)</option>
              {accessPoints.map((a) => (
                <option key={a.arn} value={a.arn}>
                  {a.label}
                </option>
              ))}
            </select>
          </label>
          <label className="grid gap-1">
            Local mount path
            <input
              name="mountPath"
              className={fieldClass}
              defaultValue={current?.mountPath ?? "/mnt/data"}
              pattern="/mnt/[a-zA-Z0-9\-_.]+"
            />
            <FieldErrors errors={errors.mountPath} />
          </label>
          {!inVpc ? (
            <p className="text-xs text-zinc-500 sm:col-span-2">
              Lambda mounts file systems only in a VPC: saving also connects the function to the
              subnets of the file system&apos;s mount targets (no outbound internet access without a
              NAT).
            </p>
          ) : null}
        </div>
      )}
    </ActionForm>
  );
}
