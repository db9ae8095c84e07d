import { describe, expect, it } from "vitest";
import type { EngineContext } from "../context";
import type { ImageRef } from "./image-uri";
import { launchLocalRegistry } from "./local-registry";
import {
  insecureRegistriesFromEnv,
  isLoopbackRegistry,
  isTlsFailure,
  verifiesTls,
} from "./registry-trust";
import { registryError, registryFlags } from "./resolve-image";

const ref = (pullRegistry: string): ImageRef => ({
  uri: `${pullRegistry}/app:v1`,
  registry: pullRegistry,
  repository: "app",
  tag: "v1",
  pullRegistry,
});

describe("which registries are reached without TLS verification", () => {
  it.each([
    "127.0.0.1:5000",
    "127.0.0.1",
    "127.255.3.4:443",
    "localhost:5000",
    "LOCALHOST",
    "[::1]:5000",
    "[::1]",
  ])("loopback %s: not verified", (registry) => {
    expect(isLoopbackRegistry(registry)).toBe(true);
    expect(verifiesTls(registry)).toBe(false);
  });

  it.each([
    "registry.example.com",
    "registry.example.com:5000",
    "10.0.0.5:5000",
    "0.0.0.0:5000",
    "128.0.0.1:5000",
    // Not dotted quads Go parses as IPs: a resolver decides where they go.
    "127.1:5000",
    "127.000.0.1:5000",
    "localhost.example.com",
    "127.0.0.1.nip.io:5000",
    "[::2]:5000",
    "123456789012.dkr.ecr.us-east-1.amazonaws.com",
  ])("%s: verified", (registry) => {
    expect(isLoopbackRegistry(registry)).toBe(false);
    expect(verifiesTls(registry)).toBe(true);
  });

  it("skips verification only for the hosts and ports the operator lists", () => {
    const { registries, invalid } = insecureRegistriesFromEnv({
      LAMBDA_ENGINE_INSECURE_REGISTRIES: " Build.Internal:5000 , mirror.lan,, bad/entry, http://x",
    });
    expect(registries).toEqual(["build.internal:5000", "mirror.lan"]);
    expect(invalid).toEqual(["bad/entry", "http://x"]);
    const access = { insecureRegistries: registries };
    expect(verifiesTls("build.internal:5000", access)).toBe(false);
    expect(verifiesTls("BUILD.internal:5000", access)).toBe(false);
    expect(verifiesTls("build.internal:5001", access)).toBe(true);
    expect(verifiesTls("build.internal", access)).toBe(true);
    expect(verifiesTls("mirror.lan", access)).toBe(false);
    expect(verifiesTls("mirror.lan:8443", access)).toBe(false);
    expect(verifiesTls("other.lan", access)).toBe(true);
    expect(insecureRegistriesFromEnv({}).registries).toEqual([]);
  });

  it("takes the list from the env the engine was started with", async () => {
    // The registry is off, so nothing starts; the context is never read.
    const registry = launchLocalRegistry({} as EngineContext, {
      LAMBDA_REGISTRY_PORT: "off",
      LAMBDA_ENGINE_INSECURE_REGISTRIES: "build.internal:5000",
    });
    expect(registry.access).toEqual({ insecureRegistries: ["build.internal:5000"] });
    expect(registry.problem()).toBe("the local registry is turned off (LAMBDA_REGISTRY_PORT=off)");
    await expect(registry.ready()).resolves.toBeUndefined();
    await registry.dispose();
  });

  it("passes skopeo an explicit verification flag, so registries.conf cannot turn it off", () => {
    expect(registryFlags(ref("registry.example.com"), {}, "src")).toEqual([
      "--src-tls-verify=true",
    ]);
    expect(registryFlags(ref("registry.example.com"), {}, "both")).toEqual(["--tls-verify=true"]);
    expect(registryFlags(ref("127.0.0.1:5000"), {}, "src")).toEqual(["--src-tls-verify=false"]);
    expect(
      registryFlags(
        ref("registry.example.com"),
        { insecureRegistries: ["registry.example.com"] },
        "both",
      ),
    ).toEqual(["--tls-verify=false"]);
  });

  it("turns skopeo's TLS failures into an error that names the setting", () => {
    const msg =
      'pinging container registry r.example:5000: Get "https://r.example:5000/v2/": http: server gave HTTP response to HTTPS client';
    expect(isTlsFailure(msg)).toBe(true);
    expect(isTlsFailure("x509: certificate signed by unknown authority")).toBe(true);
    expect(isTlsFailure("connection refused")).toBe(false);
    const err = registryError(ref("r.example:5000"), {
      code: 1,
      stdout: Buffer.alloc(0),
      // skopeo logs the message with its quotes escaped.
      stderr: `time="x" level=fatal msg="${msg.replaceAll('"', '\\"')}"`,
    });
    expect(err).toMatchObject({ code: "ImageAccessDenied" });
    expect(err.reason).toContain("does not offer HTTPS with a certificate this engine trusts");
    expect(err.reason).toContain("LAMBDA_ENGINE_INSECURE_REGISTRIES");
  });
});
