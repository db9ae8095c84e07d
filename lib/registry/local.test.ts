import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  basicAuthorization,
  ensureRegistryCredentials,
  readRegistryCredentials,
  registryCredentialsFile,
} from "./credentials";
import { findLocalRegistry } from "./local";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "local-registry-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("finding the engine's registry from the console", () => {
  it("needs the credentials the engine keeps in the data dir", () => {
    const fresh = fs.mkdtempSync(path.join(dir, "fresh-"));
    expect(findLocalRegistry({ LAMBDA_CONSOLE_DATA_DIR: fresh })).toMatchObject({
      ok: false,
      message: expect.stringContaining("not started yet"),
    });
    const creds = ensureRegistryCredentials(fresh);
    expect(creds.password.length).toBeGreaterThanOrEqual(40);
    expect(fs.statSync(registryCredentialsFile(fresh)).mode & 0o777).toBe(0o600);
    // Generated once: later calls (another process, a restart) read the same account.
    expect(ensureRegistryCredentials(fresh)).toEqual(creds);
    expect(readRegistryCredentials(fresh)).toEqual(creds);
    expect(findLocalRegistry({ LAMBDA_CONSOLE_DATA_DIR: fresh })).toEqual({
      ok: true,
      registry: {
        url: "http://127.0.0.1:5000",
        host: "127.0.0.1:5000",
        authorization: basicAuthorization(creds),
      },
    });
    expect(basicAuthorization({ username: "u", password: "p" })).toBe("Basic dTpw");
  });

  it("follows LAMBDA_REGISTRY_PORT as the engine does", () => {
    ensureRegistryCredentials(dir);
    const env = { LAMBDA_CONSOLE_DATA_DIR: dir };
    expect(findLocalRegistry({ ...env, LAMBDA_REGISTRY_PORT: "5101" })).toMatchObject({
      ok: true,
      registry: { host: "127.0.0.1:5101" },
    });
    expect(findLocalRegistry({ ...env, LAMBDA_REGISTRY_PORT: "off" })).toMatchObject({
      ok: false,
      message: expect.stringContaining("turned off"),
    });
    expect(findLocalRegistry({ ...env, LAMBDA_REGISTRY_PORT: "nope" })).toMatchObject({
      ok: false,
    });
  });

  it("reads the port the engine picked (0) from the registry config in the data dir", () => {
    ensureRegistryCredentials(dir);
    const env = { LAMBDA_REGISTRY_PORT: "0", LAMBDA_CONSOLE_DATA_DIR: dir };
    expect(findLocalRegistry(env)).toMatchObject({
      ok: false,
      message: expect.stringContaining("not started yet"),
    });
    fs.mkdirSync(path.join(dir, "registry"));
    fs.writeFileSync(
      path.join(dir, "registry", "config.yml"),
      "version: 0.1\nhttp:\n  addr: 127.0.0.1:41234\n",
    );
    expect(findLocalRegistry(env)).toMatchObject({
      ok: true,
      registry: { url: "http://127.0.0.1:41234" },
    });
  });
});
