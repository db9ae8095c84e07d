// The IdP's own pages: plain HTML with inline styles and no external resources (the machine running
// the console may be offline, and a login page should not load third-party code).

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
  *{box-sizing:border-box}body{margin:0;min-height:100vh;display:grid;place-items:center;
  font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;background:#f3f4f6;color:#111827}
  main{width:min(380px,92vw);background:#fff;border:1px solid #e5e7eb;border-radius:10px;padding:28px}
  h1{font-size:20px;margin:0 0 4px}p{margin:0 0 16px;color:#4b5563}
  label{display:block;font-weight:600;margin:12px 0 4px}
  input{width:100%;padding:9px 10px;border:1px solid #d1d5db;border-radius:6px;font:inherit}
  button{margin-top:18px;width:100%;padding:10px;border:0;border-radius:6px;background:#ea580c;color:#fff;
  font:inherit;font-weight:600;cursor:pointer}button.secondary{background:#e5e7eb;color:#111827;margin-top:8px}
  .error{background:#fef2f2;border:1px solid #fecaca;color:#991b1b;padding:8px 10px;border-radius:6px;margin:0 0 12px}
  ul{margin:0 0 8px;padding-left:20px}small{color:#6b7280}`;

function layout(title: string, body: string, extraHead = ""): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style>${extraHead}</head><body><main>${body}</main></body></html>`;
}

export function renderLogin(opts: {
  uid: string;
  clientName: string;
  userName?: string;
  error?: string;
}): string {
  const error = opts.error ? `<div class="error" role="alert">${escapeHtml(opts.error)}</div>` : "";
  return layout(
    "Sign in · Lambda Console",
    `<h1>Sign in</h1><p>to ${escapeHtml(opts.clientName)}</p>${error}
<form method="post" action="/interaction/${escapeHtml(opts.uid)}/login" autocomplete="on">
<label for="username">User name</label>
<input id="username" name="username" autocomplete="username" required autofocus value="${escapeHtml(opts.userName ?? "")}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>
<form method="post" action="/interaction/${escapeHtml(opts.uid)}/abort"><button class="secondary" type="submit">Cancel</button></form>
<p style="margin-top:16px"><small>Local identity provider of Lambda Console. Forgot the password? An operator of this machine can run <code>npm run users -- passwd &lt;name&gt;</code>.</small></p>`,
  );
}

/** After signing in with a generated or reset password: choose a new one (issue 13). */
export function renderChangePassword(opts: {
  uid: string;
  userName: string;
  error?: string;
}): string {
  const error = opts.error ? `<div class="error" role="alert">${escapeHtml(opts.error)}</div>` : "";
  return layout(
    "Choose a new password · Lambda Console",
    `<h1>Choose a new password</h1><p>The password of <strong>${escapeHtml(opts.userName)}</strong> was generated or reset; set your own to continue.</p>${error}
<form method="post" action="/interaction/${escapeHtml(opts.uid)}/password" autocomplete="on">
<input type="hidden" name="username" value="${escapeHtml(opts.userName)}" autocomplete="username">
<label for="password">Current password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<label for="new_password">New password</label>
<input id="new_password" name="new_password" type="password" autocomplete="new-password" minlength="12" required>
<label for="confirm">New password again</label>
<input id="confirm" name="confirm" type="password" autocomplete="new-password" required>
<button type="submit">Set password and continue</button></form>`,
  );
}

export function renderConsent(opts: {
  uid: string;
  clientName: string;
  userName: string;
  scopes: string[];
}): string {
  const items = opts.scopes.map((s) => `<li>${escapeHtml(SCOPE_TEXT[s] ?? s)}</li>`).join("");
  return layout(
    "Allow access · Lambda Console",
    `<h1>Allow access</h1><p>${escapeHtml(opts.clientName)} asks to know, for <strong>${escapeHtml(opts.userName)}</strong>:</p>
<ul>${items}</ul><small>You are asked once; the answer is remembered.</small>
<form method="post" action="/interaction/${escapeHtml(opts.uid)}/confirm"><button type="submit">Allow</button></form>
<form method="post" action="/interaction/${escapeHtml(opts.uid)}/abort"><button class="secondary" type="submit">Deny</button></form>`,
  );
}

const SCOPE_TEXT: Record<string, string> = {
  openid: "who you are (your user name)",
  profile: "your name",
  email: "your email address",
  groups: "the groups you belong to (they decide your role)",
};

/** oidc-provider hands us its own end-session form; submit it at once, keep a button without JS. */
export function renderLogout(form: string, host: string): string {
  return layout(
    "Signing out · Lambda Console",
    `<h1>Sign out</h1><p>Signing you out of ${escapeHtml(host)}…</p>${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>`,
    `<script>addEventListener("DOMContentLoaded",function(){var f=document.getElementById("op.logoutForm");
if(f){var i=document.createElement("input");i.type="hidden";i.name="logout";i.value="yes";f.appendChild(i);f.submit();}});</script>`,
  );
}

export function renderLoggedOut(): string {
  return layout(
    "Signed out",
    `<h1>Signed out</h1><p>You are signed out of the local identity provider.</p>`,
  );
}

export function renderError(out: Record<string, string>): string {
  const lines = Object.entries(out)
    .filter(([k]) => k === "error" || k === "error_description")
    .map(([, v]) => `<p>${escapeHtml(v)}</p>`)
    .join("");
  return layout(
    "Sign-in error",
    `<h1>Sign-in error</h1>${lines}<small>Go back to the console and try again.</small>`,
  );
}
