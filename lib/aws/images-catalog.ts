import { getTagDigest, listRepositories, listTags, RegistryError } from "../registry/client";
import { findLocalRegistry } from "../registry/local";
import type { Target } from "../targets/types";
import { listEcrRepositories } from "./ecr";
import { AwsFailure } from "./errors";
import type { ImageCatalog, ImageRepository } from "./images-types";

const MAX_REPOSITORIES = 100;
const MAX_TAGS = 50;

/** The local registry's repositories, tags and tag digests. Throws AwsFailure("Unavailable"). */
async function listLocalImages(): Promise<ImageCatalog> {
  const found = findLocalRegistry();
  if (!found.ok) throw new AwsFailure("Unavailable", found.message, "NoLocalRegistry");
  const { registry } = found;
  const { host } = registry;
  try {
    const names = (await listRepositories(registry)).sort().slice(0, MAX_REPOSITORIES);
    const repositories: ImageRepository[] = [];
    for (const name of names) {
      const tags = (await listTags(registry, name)).slice(-MAX_TAGS);
      const withDigests = await Promise.all(
        tags.map(async (tag) => {
          const digest = await getTagDigest(registry, name, tag);
          return { tag, ...(digest ? { digest } : {}) };
        }),
      );
      // A repository whose tags were all deleted still shows in the catalog; hide it.
      if (withDigests.length > 0)
        repositories.push({ name, uri: `${host}/${name}`, tags: withDigests });
    }
    return { source: "local", label: host, repositories };
  } catch (e) {
    if (e instanceof RegistryError)
      throw new AwsFailure("Unavailable", `Local image registry: ${e.message}`, "RegistryError");
    throw e;
  }
}

/** The images a target can deploy from: the local registry for the engine, ECR on AWS. */
export async function listImageCatalog(target: Target): Promise<ImageCatalog> {
  if (target.kind === "local") return listLocalImages();
  return {
    source: "ecr",
    label: `ECR in ${target.region}`,
    repositories: await listEcrRepositories(target, {
      maxRepositories: MAX_REPOSITORIES,
      maxTags: MAX_TAGS,
    }),
  };
}
