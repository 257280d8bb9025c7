/**
 * The sign-in page's HTML: one small self-contained document, every value
 * escaped, no scripts and no external assets (the CSP header forbids them).
 */

export const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
} as const;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font:15px system-ui,sans-serif;background:#f5f6f7;margin:0;display:flex;justify-content:center}
main{background:#fff;margin-top:10vh;padding:28px 32px;border-radius:8px;box-shadow:0 2px 8px #0001;width:340px}
h1{font-size:20px;margin:0 0 4px}p{color:#646a73;margin:0 0 16px}label{display:block;margin:12px 0 4px}
input[type=text],input[type=password]{box-sizing:border-box;width:100%;padding:8px;border:1px solid #d0d3d6;border-radius:4px}
.error{color:#d83931;background:#fdeceb;padding:8px;border-radius:4px}.buttons{display:flex;gap:8px;margin-top:20px}
button{flex:1;padding:9px;border-radius:4px;border:1px solid #245bdb;background:#245bdb;color:#fff;font-size:15px}
button[value=deny]{background:#fff;color:#245bdb}ul{padding-left:18px;color:#646a73;font-size:13px}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`
    + `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export interface LoginForm {
  appName: string;
  /** Where the form posts: the page's own path. */
  action: string;
  /** The authorize request, carried through the POST (and checked again there). */
  hidden: Record<string, string>;
  scopes: readonly string[];
  login?: string;
  error?: string;
}

export function loginPage(form: LoginForm): string {
  const hidden = Object.entries(form.hidden)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  const scopes = form.scopes.length > 0
    ? `<ul>${form.scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`
    : '';
  const error = form.error ? `<p class="error" role="alert">${escapeHtml(form.error)}</p>` : '';
  return page(`Sign in to ${form.appName}`, `<h1>Sign in</h1><p>${escapeHtml(form.appName)} asks to act on your behalf.</p>${scopes}${error}`
    + `<form method="post" action="${escapeHtml(form.action)}">${hidden}`
    + `<label for="login">User ID or email</label><input type="text" id="login" name="login" autocomplete="username" value="${escapeHtml(form.login ?? '')}" required>`
    + `<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password">`
    + `<div class="buttons"><button type="submit" name="action" value="approve">Authorize</button>`
    + `<button type="submit" name="action" value="deny" formnovalidate>Deny</button></div></form>`);
}

/** A request that cannot go back to the app: shown here, never redirected (platform.md §3.5). */
export function errorPage(code: number, message: string): string {
  return page('Authorization failed', `<h1>Authorization failed</h1><p class="error" role="alert">Error ${code}: ${escapeHtml(message)}</p>`);
}
