import Link from "next/link";
import type { ImageCatalog } from "@/lib/aws/images-types";

/** Every repository and tag with its digest; a tag links to creating a function from it. */
export function RepositoryTable({
  catalog,
  canWrite,
}: {
  catalog: ImageCatalog;
  canWrite: boolean;
}) {
  if (catalog.repositories.length === 0)
    return <p className="text-sm text-zinc-500">No images in {catalog.label} yet.</p>;
  return (
    <table className="w-full text-left text-sm" aria-label="Image repositories">
      <thead className="text-xs text-zinc-500">
        <tr>
          <th className="py-1">Repository</th>
          <th>Tag</th>
          <th>Digest</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {catalog.repositories.flatMap((repo) =>
          repo.tags.map((t) => (
            <tr
              key={`${repo.name}:${t.tag}`}
              className="border-t border-zinc-100 dark:border-zinc-800"
            >
              <td className="py-1 font-mono text-xs">{repo.name}</td>
              <td className="font-mono text-xs">{t.tag}</td>
              <td className="font-mono text-xs text-zinc-500">{t.digest ?? "—"}</td>
              <td className="text-right">
                {canWrite ? (
                  <Link
                    className="text-blue-700 hover:underline"
                    href={`/functions/new/image?imageUri=${encodeURIComponent(`${repo.uri}:${t.tag}`)}`}
                  >
                    Create function
                  </Link>
                ) : null}
              </td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}
