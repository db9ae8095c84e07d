import type { EngineContext } from "../context";
import type { Router } from "../http/router";
import { AwsError, invalidParameter } from "../errors/aws-error";
import { registerS3Service } from "../s3";
import type { S3Store } from "../s3/store";
import { registerSignerService } from "../signer/api";
import { SignerStore } from "../signer/store";
import { CodeSigningConfigStore } from "./csc-store";
import type { CodeSigningHooks, S3CodeRef } from "../functions/code-signing-hooks";
import { checkPackage } from "./verify";

/** Lambda's error for a code source it could not read: the S3 error code and message it got. */
const s3CodeError = (operation: string, code: string, message: string) =>
  invalidParameter(
    `Error occurred while GetObject. S3 Error Code: ${code}. S3 Error Message: ${message}`,
  );

/** The S3 content Code.S3* (and a layer's Content.S3*) names, read from the engine's own S3. */
function readS3Code(s3: S3Store, ref: S3CodeRef, operation: string): Buffer {
  if (!s3.getBucket(ref.bucket))
    throw s3CodeError(operation, "NoSuchBucket", "The specified bucket does not exist");
  const o = s3.getObject(ref.bucket, ref.key, ref.version);
  if (!o || o.deleteMarker) {
    if (ref.version !== undefined && s3.getObject(ref.bucket, ref.key))
      throw s3CodeError(operation, "NoSuchVersion", "The specified version does not exist.");
    throw s3CodeError(operation, "NoSuchKey", "The specified key does not exist.");
  }
  return s3.read(o);
}

/**
 * Wires S3, Signer and code signing on the engine's endpoint and returns the Lambda control
 * plane's hooks (FunctionsCore.codeSigning); the code signing configuration routes are registered
 * with the Lambda routes (api/lambda/code-signing-configs.ts).
 */
export function registerCodeSigning(router: Router, ctx: EngineContext): CodeSigningHooks {
  const s3 = registerS3Service(router, ctx);
  const signer = new SignerStore(ctx.db, ctx.config.dataDir);
  registerSignerService(router, ctx, signer, s3);
  const csc = new CodeSigningConfigStore(ctx.db);
  const hooks: CodeSigningHooks = {
    readS3Code: (ref, operation) => readS3Code(s3, ref, operation),
    requireConfig(arn) {
      const id = arn.startsWith(ctx.arnPrefix) ? arn.slice(arn.lastIndexOf(":") + 1) : undefined;
      if (id === undefined || !csc.get(id))
        throw new AwsError(
          404,
          "CodeSigningConfigNotFoundException",
          `The code signing configuration ${arn} does not exist.`,
          "Message",
        );
    },
    verifyPackage: (input) => checkPackage(ctx, signer, csc, input),
    attach: (functionName, arn) => csc.attach(functionName, arn.slice(arn.lastIndexOf(":") + 1)),
  };
  return hooks;
}
