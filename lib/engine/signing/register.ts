import type { EngineContext } from "../context";
import type { Router } from "../http/router";
import { registerS3Service } from "../s3";

/** Wires S3, Signer and code signing on the engine's endpoint; called by startEngine. */
export function registerCodeSigning(router: Router, ctx: EngineContext): void {
  registerS3Service(router, ctx);
}
