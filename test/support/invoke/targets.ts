import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import type { FunctionConfiguration, InvocationTarget } from "../../../lib/engine/functions/types";
import { resourceNotFound } from "../../../lib/engine/errors/aws-error";
import type { ResolveTarget } from "../../../lib/engine/invoke/invoker";

export interface FixtureOptions {
  name: string;
  runtime: string;
  handler?: string;
  files: Record<string, string>;
  memory?: number;
  timeout?: number;
  env?: Record<string, string>;
  logFormat?: "Text" | "JSON";
  reservedConcurrency?: number;
  version?: string;
}

/** A function as H2's store would hand it over: unpacked code in a temp dir plus its configuration. */
export function makeTarget(root: string, o: FixtureOptions): InvocationTarget {
  const codeDir = fs.mkdtempSync(path.join(root, `${o.name}-`));
  for (const [file, text] of Object.entries(o.files)) {
    const p = path.join(codeDir, file);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text, { mode: file === "bootstrap" ? 0o755 : 0o644 });
  }
  fs.chmodSync(codeDir, 0o755);
  const version = o.version ?? "$LATEST";
  const config: FunctionConfiguration = {
    FunctionName: o.name,
    FunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${o.name}`,
    Runtime: o.runtime,
    Role: "arn:aws:iam::000000000000:role/test",
    Handler: o.handler ?? "index.handler",
    CodeSize: 1,
    Description: "",
    Timeout: o.timeout ?? 3,
    MemorySize: o.memory ?? 128,
    LastModified: new Date().toISOString(),
    CodeSha256: "x",
    Version: version,
    Environment: o.env ? { Variables: o.env } : undefined,
    RevisionId: crypto.randomUUID(),
    State: "Active",
    LastUpdateStatus: "Successful",
    PackageType: "Zip",
    Architectures: ["x86_64"],
    EphemeralStorage: { Size: 512 },
    LoggingConfig: { LogFormat: o.logFormat ?? "Text", LogGroup: `/aws/lambda/${o.name}` },
    TracingConfig: { Mode: "PassThrough" },
    SnapStart: { ApplyOn: "None", OptimizationStatus: "Off" },
  };
  return { config, version, codeDir, reservedConcurrency: o.reservedConcurrency };
}

/** A resolver over a map of targets, answering 404 as Lambda does for unknown names. */
export function mapResolver(targets: Map<string, InvocationTarget>): ResolveTarget {
  return (name) => {
    const t = targets.get(name);
    if (!t)
      throw resourceNotFound(
        `Function not found: arn:aws:lambda:us-east-1:000000000000:function:${name}`,
      );
    return t;
  };
}

export function tempRoot(prefix: string): string {
  // Under /tmp with world-readable dirs: the sandbox user (uid 993) must be able to read the code.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}
