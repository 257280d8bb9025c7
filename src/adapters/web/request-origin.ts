/**
 * Which trusted origin a sign-in request reached larkcal by: the origin its
 * redirect URI names and its cookies are made for.
 *
 * Without `--public-url` nothing vouches for `X-Forwarded-*` (any client can
 * send them), so they are ignored: the origin is `http://` and the Host, as
 * before the public URL reached the web calendar. With `--public-url` larkcal
 * sits behind the proxy that URL names, so `X-Forwarded-Host` and
 * `X-Forwarded-Proto` (their first value: what the browser used, when a chain
 * of proxies appends) say how the browser came, else the Host does; a host
 * equal to the public URL's is taken with the public URL's scheme, since a
 * proxy that passes the Host alone terminates TLS for it.
 *
 * Either way the answer is one of the trusted origins or nothing: a header can
 * pick among the origins the operator configured, never add one, so no request
 * can steer a redirect (or a code) to a host of its choosing.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** A host and an optional port, IPv6 literals bracketed: nothing a URL parser could read a path or userinfo from. */
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export function requestOrigin(headers: IncomingHttpHeaders, trusted: readonly string[], publicOrigin: string | undefined): string | undefined {
  const host = (publicOrigin !== undefined ? firstOf(headers['x-forwarded-host']) : undefined) ?? headers.host;
  if (host === undefined || !HOST.test(host)) return undefined;
  const scheme = (publicOrigin !== undefined ? firstOf(headers['x-forwarded-proto'])?.toLowerCase() : undefined)
    ?? (publicOrigin !== undefined && isHostOf(host, publicOrigin) ? new URL(publicOrigin).protocol.slice(0, -1) : 'http');
  if (scheme !== 'http' && scheme !== 'https') return undefined;
  const origin = urlOf(`${scheme}://${host}`)?.origin;
  return origin !== undefined && trusted.includes(origin) ? origin : undefined;
}

/** `cal.example.com:443` is `https://cal.example.com`'s host: compared as a URL of that scheme would normalise it. */
function isHostOf(host: string, origin: string): boolean {
  const url = new URL(origin);
  return urlOf(`${url.protocol}//${host}`)?.host === url.host;
}

/** A port past 65535 passes HOST but not the URL parser. */
function urlOf(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function firstOf(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  const first = text?.split(',')[0]?.trim();
  return first === '' ? undefined : first;
}
