import { AwsError, invalidParameter, resourceNotFound } from "../errors/aws-error";
import { constraintError } from "../functions/arn";
import { lastModifiedNow, newRevisionId, type FunctionsCore } from "../functions/core";
import { optObject, optString } from "../functions/validate";
import { MAX_ZIPPED_BYTES, inspectZip } from "../functions/zip";
import { layerArn, layerVersionArn, parseLayerName, parseLayerVersionArn } from "./layer-arn";
import { LayerStore, type LayerVersionRow } from "./layer-store";
import { LAYER_ARCHITECTURES, LAYER_RUNTIMES } from "./runtimes";

/** The shape of GetLayerVersion / PublishLayerVersion's answer. */
export interface LayerVersionDocument {
  Content: { Location: string; CodeSha256: string; CodeSize: number };
  LayerArn: string;
  LayerVersionArn: string;
  Description: string;
  CreatedDate: string;
  Version: number;
  CompatibleRuntimes?: string[];
  CompatibleArchitectures?: string[];
  LicenseInfo?: string;
}

/** base64 of 50 MB, the largest request body AWS takes for a direct upload. */
const MAX_REQUEST_BYTES = 69_905_067;

const LAYER_NOT_FOUND = "The resource you requested does not exist.";

/**
 * The Layers API over the layer store and the code blobs (the same content-addressed store as
 * function code). `sign` makes Content.Location, a download URL of the zip.
 */
export class LayersService {
  readonly store: LayerStore;

  constructor(
    private readonly core: FunctionsCore,
    private readonly sign: (hex: string) => string = () => "",
  ) {
    this.store = new LayerStore(core.ctx.db);
  }

  private get prefix(): string {
    return this.core.ctx.arnPrefix;
  }

  /** A name or ARN of this account and region (another's cannot exist here). */
  localName(raw: string): string | undefined {
    const ref = parseLayerName(raw);
    const [, , , region, account] = this.prefix.split(":");
    if (ref.region !== undefined && (ref.region !== region || ref.account !== account))
      return undefined;
    return ref.name;
  }

  private versionNumber(raw: string): number {
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(n))
      throw constraintError(raw, "versionNumber", "Member must not be null");
    return n;
  }

  document(row: LayerVersionRow, sign = this.sign): LayerVersionDocument {
    return {
      Content: { Location: sign(row.codeHex), CodeSha256: row.codeSha256, CodeSize: row.codeSize },
      LayerArn: layerArn(this.prefix, row.layerName),
      LayerVersionArn: layerVersionArn(this.prefix, row.layerName, row.version),
      Description: row.description,
      CreatedDate: row.createdDate,
      Version: row.version,
      ...(row.compatibleRuntimes ? { CompatibleRuntimes: row.compatibleRuntimes } : {}),
      ...(row.compatibleArchitectures
        ? { CompatibleArchitectures: row.compatibleArchitectures }
        : {}),
      ...(row.licenseInfo !== undefined ? { LicenseInfo: row.licenseInfo } : {}),
    };
  }

  async publish(rawName: string, body: Record<string, unknown>): Promise<LayerVersionRow> {
    const name = this.localName(rawName);
    if (name === undefined) throw resourceNotFound(LAYER_NOT_FOUND);
    const description = optString(body, "Description") ?? "";
    if (description.length > 256)
      throw constraintError(
        description,
        "description",
        "Member must have length less than or equal to 256",
      );
    const runtimes = enumList(body, "CompatibleRuntimes", "compatibleRuntimes", LAYER_RUNTIMES, 15);
    const archs = enumList(
      body,
      "CompatibleArchitectures",
      "compatibleArchitectures",
      LAYER_ARCHITECTURES,
      2,
    );
    const license = optString(body, "LicenseInfo");
    if (license !== undefined && license.length > 512)
      throw constraintError(
        license,
        "licenseInfo",
        "Member must have length less than or equal to 512",
      );
    const content = optObject(body, "Content");
    if (!content) throw constraintError("null", "content", "Member must not be null");
    const zip = await this.acceptContent(content);
    const summary = await inspectZip(zip);
    const stored = this.core.code.save(zip);
    // Unpacked now, once: every /opt built from this version links to these files.
    await this.core.code.ensureUnpacked(stored.hex);
    return this.store.insertVersion({
      layerName: name,
      description,
      createdDate: lastModifiedNow(),
      codeHex: stored.hex,
      codeSha256: stored.sha256,
      codeSize: stored.size,
      unzippedSize: summary.unzippedSize,
      ...(runtimes ? { compatibleRuntimes: runtimes } : {}),
      ...(archs ? { compatibleArchitectures: archs } : {}),
      ...(license !== undefined ? { licenseInfo: license } : {}),
      revisionId: newRevisionId(),
    });
  }

  /** Content.ZipFile, or Content.S3Bucket/S3Key/S3ObjectVersion read from the engine's S3. */
  private async acceptContent(content: Record<string, unknown>): Promise<Buffer> {
    const s3Bucket = optString(content, "S3Bucket");
    const s3Key = optString(content, "S3Key");
    if (s3Bucket !== undefined || s3Key !== undefined) {
      const s3 = this.core.codeSigning;
      if (s3Bucket === undefined || s3Key === undefined || !s3)
        throw invalidParameter("Please provide a source for layer content.");
      const version = optString(content, "S3ObjectVersion");
      return s3.readS3Code(
        { bucket: s3Bucket, key: s3Key, ...(version !== undefined ? { version } : {}) },
        "PublishLayerVersion",
      );
    }
    const b64 = optString(content, "ZipFile");
    if (b64 === undefined) throw invalidParameter("Please provide a source for layer content.");
    const zip = Buffer.from(b64, "base64");
    if (zip.length > MAX_ZIPPED_BYTES)
      throw new AwsError(
        413,
        "RequestEntityTooLargeException",
        `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the PublishLayerVersion operation`,
        "message",
      );
    return zip;
  }

  /** A live version; ResourceNotFoundException as AWS answers otherwise. */
  get(rawName: string, rawVersion: string): LayerVersionRow {
    const name = this.localName(rawName);
    const version = this.versionNumber(rawVersion);
    const row = name === undefined ? undefined : this.store.getVersion(name, version);
    if (!row) throw resourceNotFound(LAYER_NOT_FOUND);
    return row;
  }

  getByArn(arn: string | null): LayerVersionRow {
    if (arn === null) throw constraintError("null", "arn", "Member must not be null");
    const ref = parseLayerVersionArn(arn);
    if (!ref)
      throw constraintError(
        arn,
        "arn",
        "Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)",
      );
    if (!arn.startsWith(`${this.prefix}layer:`)) throw resourceNotFound(LAYER_NOT_FOUND);
    return this.get(ref.name, String(ref.version));
  }

  /** Deleting a version that does not exist succeeds, as on AWS; functions using it keep it. */
  delete(rawName: string, rawVersion: string): void {
    const name = this.localName(rawName);
    const version = this.versionNumber(rawVersion);
    if (name !== undefined) this.store.markDeleted(name, version);
  }
}

/** CompatibleRuntimes / CompatibleArchitectures: the model's enums and list bounds. */
function enumList(
  body: Record<string, unknown>,
  key: string,
  field: string,
  allowed: readonly string[],
  max: number,
): string[] | undefined {
  const raw = body[key];
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw constraintError(raw, field, "Member must not be null");
  if (raw.length > max)
    throw constraintError(raw, field, `Member must have length less than or equal to ${max}`);
  const bad = raw.find((v) => typeof v !== "string" || !allowed.includes(v));
  if (bad !== undefined)
    throw constraintError(
      raw,
      field,
      `Member must satisfy constraint: [Member must satisfy enum value set: [${allowed.join(", ")}]]`,
    );
  return [...new Set(raw as string[])];
}
