"use client";

import type { ActionResult } from "@/lib/actions/define-action";
import { ActionForm, FieldErrors, fieldClass } from "../function-page/action-form";

export function UploadObjectForm({
  bucket,
  action,
}: {
  bucket: string;
  action: (input: FormData) => Promise<ActionResult<{ key: string; versionId: string | null }>>;
}) {
  return (
    <ActionForm
      action={action}
      toInput={(form) => {
        form.set("bucket", bucket);
        return form;
      }}
      submitLabel="Upload"
      success={(d) => `Uploaded ${d.key}${d.versionId ? ` (version ${d.versionId})` : ""}`}
    >
      {(errors) => (
        <>
          <label className="block text-sm">
            File
            <input type="file" name="file" className="mt-1 block text-sm" required />
            <FieldErrors errors={errors.file} />
          </label>
          <label className="block text-sm">
            Key (default: the file name)
            <input name="key" className={`${fieldClass} ml-2`} />
          </label>
        </>
      )}
    </ActionForm>
  );
}
