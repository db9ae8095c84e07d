/** The console's own shapes for container images; pages and components never see SDK types. */
export interface ImageTag {
  tag: string;
  /** Manifest digest (sha256:…), when the registry told us. */
  digest?: string;
  /** ISO 8601 (ECR only). */
  pushedAt?: string;
  sizeBytes?: number;
}

export interface ImageRepository {
  name: string;
  /** Registry host + repository: append ":tag" or "@digest" for an ImageUri. */
  uri: string;
  tags: ImageTag[];
}

/** Where the picker's images come from, for the heading and empty states. */
export interface ImageCatalog {
  source: "local" | "ecr";
  /** E.g. "127.0.0.1:5000" or "ECR in eu-west-1". */
  label: string;
  repositories: ImageRepository[];
}

export interface ImageConfigValues {
  entryPoint: string[];
  command: string[];
  workingDirectory: string;
}

/** An image function as the image panel shows it. */
export interface FunctionImage {
  name: string;
  packageType: "Zip" | "Image";
  imageUri?: string;
  /** The URI pinned by digest, as Lambda resolved it at deploy time. */
  resolvedImageUri?: string;
  digest?: string;
  imageConfig: ImageConfigValues;
  architecture: string;
  state?: string;
  stateReason?: string;
  stateReasonCode?: string;
  lastUpdateStatus?: string;
  lastUpdateStatusReason?: string;
}
