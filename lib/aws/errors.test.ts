import {
  ResourceConflictException,
  ResourceNotFoundException,
  ServiceException,
  TooManyRequestsException,
  InvalidParameterValueException,
} from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import type { Target } from "../targets/types";
import { AwsFailure, mapAwsError, settle } from "./errors";
import { listFunctions } from "./functions";
import { getAccountSettings } from "./account";

const local: Target = {
  id: "local",
  label: "Local engine",
  kind: "local",
  region: "us-east-1",
  environment: "local",
  color: "green",
  endpoint: "http://127.0.0.1:9",
};
const staging: Target = {
  id: "staging",
  label: "Staging",
  kind: "aws",
  region: "eu-west-1",
  environment: "staging",
  color: "amber",
  endpoint: "http://127.0.0.1:9",
};
const meta = { $metadata: {} };

describe("mapAwsError", () => {
  it("maps the SDK's exceptions by name to the union, keeping the service's message", () => {
    const cases: [unknown, string][] = [
      [new ResourceNotFoundException({ message: "Function not found: x", ...meta }), "NotFound"],
      [new TooManyRequestsException({ message: "Rate exceeded", ...meta }), "Throttled"],
      [new InvalidParameterValueException({ message: "bad memory", ...meta }), "Invalid"],
      [new ResourceConflictException({ message: "in progress", ...meta }), "Conflict"],
      [Object.assign(new Error("denied"), { name: "AccessDeniedException" }), "Forbidden"],
      [Object.assign(new Error("bad sig"), { name: "InvalidSignatureException" }), "Forbidden"],
    ];
    for (const [err, kind] of cases) {
      const mapped = mapAwsError(err, staging);
      expect(mapped.kind).toBe(kind);
      expect(mapped.message).toBe((err as Error).message);
    }
  });

  it("falls back to the HTTP status for names it does not know", () => {
    const err = Object.assign(new Error("nope"), {
      name: "SomethingNewException",
      $metadata: { httpStatusCode: 429 },
    });
    expect(mapAwsError(err, staging).kind).toBe("Throttled");
  });

  it("never passes an internal error's text through", () => {
    const err = new ServiceException({ message: "stack at /srv/secret.ts:12", ...meta });
    const mapped = mapAwsError(err, staging);
    expect(mapped.kind).toBe("Internal");
    expect(mapped.message).toBe("Staging answered with an unexpected error (ServiceException).");
    expect(mapAwsError(new TypeError("x is undefined"), staging).message).not.toContain("x is");
  });

  it("explains missing credentials with the profile name", () => {
    const err = Object.assign(new Error("Could not load credentials from any providers"), {
      name: "CredentialsProviderError",
    });
    const mapped = mapAwsError(err, { ...staging, profile: "prod" });
    expect(mapped.kind).toBe("Forbidden");
    expect(mapped.message).toBe(
      'No usable AWS credentials for Staging (profile "prod"): Could not load credentials from any providers',
    );
  });

  it("finds socket errors wrapped in causes and AggregateErrors", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    const wrapped = new AggregateError([refused], "");
    expect(mapAwsError(wrapped, staging).toInfo()).toEqual({
      kind: "Unavailable",
      code: "ECONNREFUSED",
      message: "Cannot reach Staging at http://127.0.0.1:9: connection refused.",
    });
    const dns = new Error("fetch failed", {
      cause: Object.assign(new Error("getaddrinfo"), { code: "ENOTFOUND" }),
    });
    expect(mapAwsError(dns, { ...staging, endpoint: undefined }).message).toBe(
      "Cannot reach Staging at AWS Lambda in eu-west-1: host not found.",
    );
  });
});

describe("the real SDK against a closed port", () => {
  function withEnv(vars: Record<string, string>, run: () => Promise<void>): Promise<void> {
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    Object.assign(process.env, vars);
    return run().finally(() => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });
  }

  it("an AWS-style target with credentials reports 'Cannot reach' as Unavailable", async () => {
    await withEnv(
      { AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE", AWS_SECRET_ACCESS_KEY: "x" },
      async () => {
        const result = await settle(listFunctions({ ...staging, id: "with-creds" }));
        expect(result).toEqual({
          ok: false,
          error: {
            kind: "Unavailable",
            code: "ECONNREFUSED",
            message: "Cannot reach Staging at http://127.0.0.1:9: connection refused.",
          },
        });
      },
    );
  });

  it("a profile that does not exist is reported as missing credentials, not a crash", async () => {
    const none = "/nonexistent/aws";
    await withEnv({ AWS_CONFIG_FILE: none, AWS_SHARED_CREDENTIALS_FILE: none }, async () => {
      const result = await settle(listFunctions({ ...staging, id: "no-creds", profile: "ghost" }));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.kind).toBe("Forbidden");
      expect(result.error.message).toMatch(
        /^No usable AWS credentials for Staging \(profile "ghost"\): /,
      );
    });
  });

  it("the local target says the engine is not running", async () => {
    process.env.LAMBDA_ENGINE_ACCESS_KEY_ID = "AKIDTEST";
    process.env.LAMBDA_ENGINE_SECRET_ACCESS_KEY = "secret";
    try {
      const err = await getAccountSettings(local).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AwsFailure);
      expect((err as AwsFailure).kind).toBe("Unavailable");
      expect((err as AwsFailure).message).toBe(
        'The local engine is not running on http://127.0.0.1:9. Start it with "npm start" (or "npm run engine" for the engine alone).',
      );
    } finally {
      delete process.env.LAMBDA_ENGINE_ACCESS_KEY_ID;
      delete process.env.LAMBDA_ENGINE_SECRET_ACCESS_KEY;
    }
  });
});
