import { defineRoute } from "@/lib/auth/define-route";
import { settle } from "@/lib/aws/errors";
import { getObject } from "@/lib/aws/buckets";
import { getCurrentTarget } from "@/lib/targets/current-target";

/** Downloads an object (a version with ?versionId=): readers may, as the page shows them. */
export const GET = defineRoute<{ bucket: string }>({
  permission: "functions.read",
  run: async (req, { params }) => {
    const bucket = decodeURIComponent(params.bucket);
    const url = new URL(req.url);
    const key = url.searchParams.get("key");
    if (!key) return new Response("key is required", { status: 400 });
    const versionId = url.searchParams.get("versionId") ?? undefined;
    const { current } = await getCurrentTarget();
    const got = await settle(getObject(current, bucket, key, versionId));
    if (!got.ok)
      return new Response(got.error.message, { status: got.error.kind === "NotFound" ? 404 : 502 });
    const name = key.split("/").pop() || "object";
    return new Response(Buffer.from(got.data.body), {
      headers: {
        "content-type": "application/octet-stream",
        "content-disposition": `attachment; filename="${name.replace(/["\\\r\n]/g, "_")}"`,
        "x-content-type-options": "nosniff",
      },
    });
  },
});
