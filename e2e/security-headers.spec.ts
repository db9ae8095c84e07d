import fs from "node:fs";
import path from "node:path";
import { expect, test, type Response } from "@playwright/test";
import { E2E_ROOT } from "./support/env";

/**
 * Every top-level page, read from app/ (so a new page is covered without editing this list):
 * the console's sections, its home, and the sign-in pages.
 */
function topLevelPages(): string[] {
  const pages = ["/"];
  for (const group of ["(console)", "(auth)"]) {
    const dir = path.join(E2E_ROOT, "app", group);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "page.tsx")))
        pages.push(`/${entry.name}`);
    }
  }
  return pages;
}

function expectStrictHeaders(res: Response | null, page: string): string {
  expect(res, page).not.toBeNull();
  const h = res?.headers() ?? {};
  const csp = h["content-security-policy"] ?? "";
  expect(csp, page).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(csp, page).not.toContain("unsafe-eval");
  expect(csp, page).not.toMatch(/script-src [^;]*'unsafe-inline'/);
  expect(csp, page).toContain("frame-ancestors 'none'");
  expect(csp, page).toContain("object-src 'none'");
  expect(h["x-content-type-options"], page).toBe("nosniff");
  expect(h["referrer-policy"], page).toBe("same-origin");
  return csp;
}

test("every top-level page is sent with a strict nonce CSP, nosniff and a Referrer-Policy, and runs under it", async ({
  page,
}) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/i.test(m.text()))
      violations.push(m.text());
  });
  const nonces = new Set<string>();
  for (const p of topLevelPages()) {
    const res = await page.goto(p);
    const csp = expectStrictHeaders(res, p);
    nonces.add(/'nonce-([^']+)'/.exec(csp)?.[1] ?? "");
    // The page hydrated: its scripts carried the nonce.
    await expect(page.locator("body")).toBeVisible();
  }
  expect(nonces.size, "a fresh nonce per response").toBe(topLevelPages().length);
  // Interactive pages work under the policy (no blocked script or eval).
  await page.goto("/functions");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Functions");
  expect(violations).toEqual([]);
});

test("pages cannot be framed, and responses the proxy does not see carry the headers too", async ({
  request,
}) => {
  for (const p of ["/health", "/images/upload", "/file-systems/fs-0123456789abcdef0/files"]) {
    const res = await request.get(p, { maxRedirects: 0 });
    expect(res.headers()["x-content-type-options"], p).toBe("nosniff");
    expect(res.headers()["content-security-policy"], p).toContain("frame-ancestors 'none'");
    expect(res.headers()["x-frame-options"], p).toBe("DENY");
  }
  const login = await request.get("/login");
  expect(login.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
});
