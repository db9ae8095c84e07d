"use client";

import { useRouter } from "next/navigation";
import { createAccessPointAction } from "@/app/(console)/file-systems/actions";
import { ActionForm, FieldErrors, fieldClass } from "@/components/function-page/action-form";

/** An access point: the POSIX identity requests run as, and the directory they are rooted at. */
export function CreateAccessPointForm({ fileSystemId }: { fileSystemId: string }) {
  const router = useRouter();
  const field = (
    name: string,
    label: string,
    placeholder: string,
    errors: Record<string, string[]>,
  ) => (
    <label className="grid gap-1 text-sm">
      {label}
      <input name={name} className={fieldClass} placeholder={placeholder} />
      <FieldErrors errors={errors[name]} />
    </label>
  );
  return (
    <ActionForm
      action={async (input: Record<string, unknown>) => {
        const r = await createAccessPointAction(input);
        if (r.ok) router.refresh();
        return r;
      }}
      toInput={(f) => ({ ...Object.fromEntries(f.entries()), fileSystemId })}
      submitLabel="Create access point"
      success={(id) => `Created ${String(id)}.`}
      className="grid gap-2 sm:grid-cols-4"
    >
      {(errors) => (
        <>
          {field("name", "Name", "writer", errors)}
          {field("rootPath", "Root directory path", "/lambda", errors)}
          {field("uid", "POSIX user id", "1000", errors)}
          {field("gid", "POSIX group id", "1000", errors)}
          {field("secondaryGids", "Secondary group ids", "1001, 1002", errors)}
          {field("ownerUid", "Root directory owner uid", "1000", errors)}
          {field("ownerGid", "Root directory owner gid", "1000", errors)}
          {field("permissions", "Root directory permissions", "755", errors)}
        </>
      )}
    </ActionForm>
  );
}
