import "server-only";
import {
  ECRClient,
  paginateDescribeImages,
  paginateDescribeRepositories,
} from "@aws-sdk/client-ecr";
import type { Target } from "../targets/types";
import { cachedClient } from "./client-cache";
import type { ImageRepository, ImageTag } from "./images-types";

/** One ECR client per AWS target (region + profile); ECR has no local-engine endpoint. */
const getEcrClient = (target: Target): ECRClient =>
  cachedClient("ecr", target, (s) => new ECRClient({ ...s, endpoint: undefined }));

/** Up to `maxTags` newest tagged images of one repository, newest first. */
async function describeTags(
  client: ECRClient,
  repositoryName: string,
  maxTags: number,
): Promise<ImageTag[]> {
  const tags: ImageTag[] = [];
  const pages = paginateDescribeImages(
    { client, pageSize: 100 },
    { repositoryName, filter: { tagStatus: "TAGGED" } },
  );
  for await (const page of pages) {
    for (const image of page.imageDetails ?? []) {
      for (const tag of image.imageTags ?? []) {
        tags.push({
          tag,
          ...(image.imageDigest ? { digest: image.imageDigest } : {}),
          ...(image.imagePushedAt ? { pushedAt: image.imagePushedAt.toISOString() } : {}),
          ...(image.imageSizeInBytes !== undefined ? { sizeBytes: image.imageSizeInBytes } : {}),
        });
      }
    }
    if (tags.length >= maxTags * 4) break;
  }
  tags.sort((a, b) => (b.pushedAt ?? "").localeCompare(a.pushedAt ?? ""));
  return tags.slice(0, maxTags);
}

/**
 * ECR DescribeRepositories + DescribeImages for the image picker on AWS targets. Throws
 * AwsFailure (Forbidden when the role may not read ECR).
 */
export async function listEcrRepositories(
  target: Target,
  { maxRepositories = 100, maxTags = 50 } = {},
): Promise<ImageRepository[]> {
  const client = getEcrClient(target);
  const repos: ImageRepository[] = [];
  for await (const page of paginateDescribeRepositories({ client, pageSize: 100 }, {})) {
    for (const r of page.repositories ?? []) {
      if (!r.repositoryName || !r.repositoryUri) continue;
      repos.push({ name: r.repositoryName, uri: r.repositoryUri, tags: [] });
    }
    if (repos.length >= maxRepositories) break;
  }
  const shown = repos.slice(0, maxRepositories).sort((a, b) => a.name.localeCompare(b.name));
  for (const repo of shown) repo.tags = await describeTags(client, repo.name, maxTags);
  return shown;
}
