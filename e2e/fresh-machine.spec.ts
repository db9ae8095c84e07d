import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_ROOT } from "./support/env";

// Issue 19: the console serves public/ (icons, manifest, the README's screenshot) to anyone, and
// its /health names every component with its version.
test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("public/'s files are served without a session, byte for byte", async ({ request }) => {
    for (const [file, type] of [
      ["favicon.ico", /image\/(x-icon|vnd\.microsoft\.icon)/],
      ["icon.svg", /image\/svg\+xml/],
      ["icon-192.png", /image\/png/],
      ["icon-512.png", /image\/png/],
      ["apple-touch-icon.png", /image\/png/],
      ["manifest.webmanifest", /application\/manifest\+json|application\/json/],
      ["screenshot.png", /image\/png/],
    ] as const) {
      const res = await request.get(`/${file}`, { maxRedirects: 0 });
      expect(res.status(), file).toBe(200);
      expect(res.headers()["content-type"], file).toMatch(type);
      expect(
        Buffer.compare(await res.body(), fs.readFileSync(path.join(E2E_ROOT, "public", file))),
        file,
      ).toBe(0);
    }
    // Only those files: a path that merely starts like one still needs a session.
    const res = await request.get("/icon.svg/functions", { maxRedirects: 0 });
    expect(res.status()).toBe(307);
  });

  test("the sign-in page names the icons and the manifest", async ({ page }) => {
    await page.goto("/login");
    await expect(page.locator('link[rel="icon"][href^="/favicon.ico"]')).toHaveCount(1);
    await expect(page.locator('link[rel="icon"][href^="/icon.svg"]')).toHaveCount(1);
    await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute(
      "href",
      /apple-touch-icon\.png/,
    );
    await expect(page.locator('link[rel="manifest"]')).toHaveAttribute(
      "href",
      "/manifest.webmanifest",
    );
  });

  test("/health: engine, IdP, sandbox, registry and databases, each with a version", async ({
    request,
  }) => {
    await expect
      .poll(async () => (await (await request.get("/health")).json()).status, { timeout: 30_000 })
      .toBe("ok");
    const { components } = await (await request.get("/health")).json();
    expect(components.engine.components.engine.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(components.idp).toMatchObject({ status: "ok", version: expect.stringMatching(/^\d/) });
    expect(components.sandbox).toMatchObject({
      status: "ok",
      version: expect.stringMatching(/^bubblewrap /),
    });
    expect(components.registry).toMatchObject({
      status: "ok",
      version: expect.stringMatching(/\d+\.\d+/),
    });
    expect(components.databases).toMatchObject({
      status: "ok",
      postgresql: { version: expect.stringMatching(/PostgreSQL/) },
      pgbouncer: { version: expect.stringMatching(/PgBouncer/) },
    });
  });
});
