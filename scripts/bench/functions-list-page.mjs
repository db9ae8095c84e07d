// Browser side of the functions-list bench: sign in, load /functions, time what a user sees, scroll.
// Marks are taken inside the page (performance.now(), origin = navigation start) so Node ↔ browser
// round trips do not blur them.
import fs from "node:fs";
import { chromium } from "playwright-core";

const LAUNCH = {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

export async function launchBrowser() {
  const browser = await chromium.launch(LAUNCH);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(30_000);
  return { browser, context };
}

/** The embedded IdP's login, as e2e/support/auth.ts does it (that file needs @playwright/test). */
export async function signIn(context, baseUrl, idpPort, user, password) {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/functions`);
  await page.waitForURL(/\/login/);
  await page.getByRole("button", { name: /^Sign in with/ }).click();
  await page.waitForURL(new RegExp(`:${idpPort}/interaction/`));
  await page.getByLabel("User name").fill(user);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(
    (url) => url.port !== String(idpPort) || url.pathname.startsWith("/interaction/"),
  );
  const allow = page.getByRole("button", { name: "Allow" });
  if (await allow.isVisible().catch(() => false)) await allow.click();
  await page.waitForURL((url) => url.port !== String(idpPort));
  await page.close();
}

// Runs in the page before its own scripts: polls every frame and records when each condition
// first holds. Once all pages are in, it scrolls to the bottom: extras fill in list order, so the
// last rows lose their "…" last.
function installProbe({ total, lastName }) {
  const b = { marks: {}, maxRows: 0 };
  window.__bench = b;
  // Next streams the page into a hidden boundary behind the loading skeleton, then swaps it in:
  // only what is rendered (checkVisibility) counts.
  const table = () =>
    [...document.querySelectorAll("tbody")].find(
      (tb) => tb.querySelector("a[href^='/functions/']") && tb.checkVisibility(),
    );
  const tick = () => {
    const now = performance.now();
    const tbody = table();
    const rows = tbody ? tbody.querySelectorAll("tr:not([aria-hidden])") : [];
    b.maxRows = Math.max(b.maxRows, rows.length);
    if (b.marks.firstRow === undefined && tbody) b.marks.firstRow = now;
    const count = document.querySelector("[data-testid=function-list-count]");
    if (
      b.marks.allPages === undefined &&
      count?.checkVisibility() &&
      count.textContent?.trim() === `${total} functions`
    ) {
      b.marks.allPages = now;
    }
    if (b.marks.allPages !== undefined && b.marks.noPlaceholder === undefined && tbody) {
      const last = rows[rows.length - 1]?.querySelector("a")?.textContent;
      // A scroll before hydration is not seen by the virtualizer: nudge until the last row shows.
      const el = tbody.closest(".overflow-auto");
      if (el && last !== lastName) {
        b.nudge = !b.nudge;
        el.scrollTop = el.scrollHeight - el.clientHeight - (b.nudge ? 1 : 0);
      }
      const placeholders = [...tbody.querySelectorAll("td")].some(
        (td) => td.textContent?.trim() === "…",
      );
      if (last === lastName && !placeholders) b.marks.noPlaceholder = now;
    }
    if (b.marks.noPlaceholder === undefined) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** Scrolls `selector`'s element top to bottom in `steps` frames; returns rAF deltas (ms). */
async function scrollFrames(page, selector, steps) {
  return page.evaluate(
    async ({ selector, steps }) => {
      const el =
        selector === "function-table"
          ? [...document.querySelectorAll("tbody")]
              .find((tb) => tb.querySelector("a[href^='/functions/']") && tb.checkVisibility())
              ?.closest(".overflow-auto")
          : document.querySelector(selector);
      if (!el) throw new Error(`no scroll container ${selector}`);
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      el.scrollTop = 0;
      for (let i = 0; i < 5; i++) await frame();
      const range = el.scrollHeight - el.clientHeight;
      const deltas = [];
      let maxRows = 0;
      let prev = await frame();
      for (let i = 1; i <= steps; i++) {
        el.scrollTop = Math.round((range * i) / steps);
        const t = await frame();
        deltas.push(t - prev);
        prev = t;
        maxRows = Math.max(maxRows, el.querySelectorAll("tbody tr:not([aria-hidden])").length);
      }
      return { deltas, maxRows, range };
    },
    { selector, steps },
  );
}

/**
 * One visit to /functions with `total` functions: SSR check, in-page marks, then a scroll pass.
 * @returns {{ ssrHasFirst: boolean, serverMs: number, firstRow: number, allPages: number, noPlaceholder: number,
 *   frames: number[], maxRows: number }}
 */
export async function measureFunctionsPage(
  context,
  baseUrl,
  { total, firstName, lastName, steps },
) {
  // The whole server response alone (no browser): with every page streamed into it, this is the
  // console's (and engine's) share of "all pages loaded".
  const ssrStart = performance.now();
  // A fresh connection each visit: a kept-alive one can be closed by the server just as it is
  // reused (ECONNRESET ended one full bench run).
  const ssr = await context.request.get(`${baseUrl}/functions`, {
    maxRedirects: 0,
    headers: { connection: "close" },
  });
  const html = await ssr.text();
  const serverMs = performance.now() - ssrStart;
  if (process.env.BENCH_DUMP_HTML) fs.writeFileSync(process.env.BENCH_DUMP_HTML, html);
  const ssrHasFirst = ssr.status() === 200 && html.includes(`>${firstName}</a>`);
  const page = await context.newPage();
  try {
    await page.addInitScript(installProbe, { total, lastName });
    await page.goto(`${baseUrl}/functions`, { waitUntil: "commit" });
    await page
      .waitForFunction(() => window.__bench?.marks.noPlaceholder !== undefined, null, {
        timeout: 120_000,
        polling: 250,
      })
      .catch(async (err) => {
        const seen = await page.evaluate(() => ({
          url: location.href,
          marks: window.__bench?.marks,
          count: document.querySelector("[data-testid=function-list-count]")?.textContent,
          rows: [...document.querySelectorAll("tbody tr:not([aria-hidden])")].map((r) =>
            r.textContent?.slice(0, 40),
          ),
        }));
        throw new Error(`/functions never settled: ${JSON.stringify(seen)}`, { cause: err });
      });
    const probe = await page.evaluate(() => window.__bench);
    const scroll = await scrollFrames(page, "function-table", steps);
    return {
      ssrHasFirst,
      serverMs,
      ...probe.marks,
      frames: scroll.deltas,
      maxRows: Math.max(probe.maxRows, scroll.maxRows),
    };
  } finally {
    await page.close();
  }
}

/** The frame-time floor: Chromium scrolling a static table of `rows` plain rows, same steps. */
export async function measureStaticScroll(context, rows, steps) {
  const page = await context.newPage();
  try {
    const cells = (i) =>
      `<td><input type=checkbox></td><td><a href="#">bench-fn-${i}</a></td><td>Node.js 20</td>` +
      `<td>128 MB</td><td>3 s</td><td>2026-11-29 13:00</td><td>—</td><td>Active</td>`;
    const body = Array.from({ length: rows }, (_, i) => `<tr style="height:49px">${cells(i)}</tr>`);
    await page.setContent(
      `<!doctype html><html><body style="font:14px sans-serif">` +
        `<div id="s" style="max-height:70vh;overflow:auto"><table style="width:100%;table-layout:fixed">` +
        `<tbody>${body.join("")}</tbody></table></div></body></html>`,
    );
    const scroll = await scrollFrames(page, "#s", steps);
    return { frames: scroll.deltas, maxRows: scroll.maxRows };
  } finally {
    await page.close();
  }
}
