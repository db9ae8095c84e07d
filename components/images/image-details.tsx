import type { FunctionImage } from "@/lib/aws/images-types";

const list = (items: string[]) => (items.length ? JSON.stringify(items) : "— (the image's own)");

/** URI, resolved digest, ImageConfig and state of an image function. */
export function ImageDetails({ image }: { image: FunctionImage }) {
  const rows: [string, string, string][] = [
    ["Image URI", image.imageUri ?? "—", "image-uri"],
    ["Resolved image URI", image.resolvedImageUri ?? "—", "resolved-image-uri"],
    ["Digest", image.digest ?? "—", "image-digest"],
    ["Entry point", list(image.imageConfig.entryPoint), "image-entrypoint"],
    ["Command", list(image.imageConfig.command), "image-command"],
    [
      "Working directory",
      image.imageConfig.workingDirectory || "— (the image's own)",
      "image-workdir",
    ],
    ["Architecture", image.architecture, "image-architecture"],
    [
      "State",
      `${image.state ?? "—"}${image.lastUpdateStatus ? ` · last update ${image.lastUpdateStatus}` : ""}`,
      "image-state",
    ],
  ];
  const reason = image.state === "Failed" ? image.stateReason : image.lastUpdateStatusReason;
  return (
    <>
      <dl className="grid grid-cols-[12rem_1fr] gap-x-4 gap-y-1 text-sm">
        {rows.map(([label, value, id]) => (
          <div key={id} className="contents">
            <dt className="text-zinc-500">{label}</dt>
            <dd data-testid={id} className="font-mono text-xs break-all">
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {reason && image.lastUpdateStatus !== "Successful" ? (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {image.stateReasonCode ? `${image.stateReasonCode}: ` : ""}
          {reason}
        </p>
      ) : null}
    </>
  );
}
