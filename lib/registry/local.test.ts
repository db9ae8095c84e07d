import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findLocalRegistry } from "./local";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "local-registry-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("finding the engine's registry from the console", () => {
  it("follows LAMBDA_REGISTRY_PORT as the engine does", () => {
    expect(findLocalRegistry({})).toEqual({
      ok: true,
      registry: { url: "http://127.0.0.1:5000", host: "127.0.0.1:5000" },
    });
    expect(findLocalRegistry({ LAMBDA_REGISTRY_PORT: "5101" })).toMatchObject({
      ok: true,
      registry: { host: "127.0.0.1:5101" },
    });
    expect(findLocalRegistry({ LAMBDA_REGISTRY_PORT: "off" })).toMatchObject({
      ok: false,
      message: expect.stringContaining("turned off"),
    });
    expect(findLocalRegistry({ LAMBDA_REGISTRY_PORT: "nope" })).toMatchObject({ ok: false });
  });

  it("reads the port the engine picked (0) from the registry config in the data dir", () => {
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
