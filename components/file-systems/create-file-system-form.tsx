"use client";

import { useRouter } from "next/navigation";
import { createFileSystemAction } from "@/app/(console)/file-systems/actions";
import { ActionForm, FieldErrors, fieldClass } from "@/components/function-page/action-form";

/** Create a file system (and the mount target Lambda needs to reach it). */
export function CreateFileSystemForm({ defaultSubnet }: { defaultSubnet: string }) {
  const router = useRouter();
  return (
    <ActionForm
      action={async (input: Record<string, unknown>) => {
        const r = await createFileSystemAction(input);
        if (r.ok) router.refresh();
        return r;
      }}
      toInput={(f) => Object.fromEntries(f.entries())}
      submitLabel="Create file system"
      success={(id) => `Created ${String(id)}.`}
      className="grid gap-3 sm:grid-cols-2"
    >
      {(errors) => (
        <>
          <label className="grid gap-1 text-sm">
            Name
            <input name="name" className={fieldClass} placeholder="shared-data" />
            <FieldErrors errors={errors.name} />
          </label>
          <label className="grid gap-1 text-sm">
            Mount target subnet
            <input name="subnetId" className={fieldClass} defaultValue={defaultSubnet} />
            <span className="text-xs text-zinc-500">
              Lambda mounts the file system through a mount target in the function&apos;s VPC.
            </span>
            <FieldErrors errors={errors.subnetId} />
          </label>
          <label className="grid gap-1 text-sm">
            Performance mode
            <select name="performanceMode" className={fieldClass} defaultValue="generalPurpose">
              <option value="generalPurpose">General purpose</option>
              <option value="maxIO">Max I/O</option>
            </select>
          </label>
          <label className="grid gap-1 text-sm">
            Throughput mode
            <select name="throughputMode" className={fieldClass} defaultValue="bursting">
              <option value="bursting">Bursting</option>
              <option value="elastic">Elastic</option>
              <option value="provisioned">Provisioned</option>
            </select>
          </label>
          <label className="grid gap-1 text-sm">
            Provisioned throughput (MiB/s, provisioned mode only)
            <input name="provisionedMibps" type="number" min={1} className={fieldClass} />
            <FieldErrors errors={errors.provisionedMibps} />
          </label>
          <label className="flex items-center gap-2 self-end text-sm">
            <input name="encrypted" type="checkbox" defaultChecked /> Encrypted at rest
          </label>
        </>
      )}
    </ActionForm>
  );
}
