/** The signature fields a function version shows (GetFunction's Configuration). */
export interface SignatureFields {
  SigningProfileVersionArn?: string;
  SigningJobArn?: string;
}

/**
 * A package that may deploy: the fields its version shows, and (under Warn, for an untrusted
 * package) the warning to record once the deployment went through; a no-op otherwise.
 */
export interface PackageVerdict {
  fields: SignatureFields;
  recordWarning(): void;
}

/** Code.S3Bucket/S3Key/S3ObjectVersion (CreateFunction, UpdateFunctionCode) or Content.S3* (layers). */
export interface S3CodeRef {
  bucket: string;
  key: string;
  version?: string;
}

/**
 * What the Lambda control plane asks of code signing (lib/engine/signing), through
 * FunctionsCore.codeSigning. PublishLayerVersion (layers branch) uses readS3Code for Content.S3*;
 * layer attach uses verifyPackage with the layer's package.
 */
export interface CodeSigningHooks {
  /** The object's bytes; throws Lambda's InvalidParameterValueException naming the S3 error. */
  readS3Code(ref: S3CodeRef, operation: string): Buffer;
  /** Throws CodeSigningConfigNotFoundException unless the ARN names a configuration. */
  requireConfig(arn: string): void;
  /**
   * Checks a package against the configuration of `functionName` (or `configArn` for a function
   * being created): InvalidCodeSignatureException when it was changed after signing,
   * CodeVerificationFailedException for other failures under Enforce; under Warn it counts the
   * SignatureValidationErrors metric and logs once the caller calls recordWarning.
   */
  verifyPackage(input: {
    functionName: string;
    zip: Buffer;
    configArn?: string;
    what?: "code" | "layer";
  }): PackageVerdict;
  /** Attaches a configuration to a function just created (same transaction as the create). */
  attach(functionName: string, configArn: string): void;
}
