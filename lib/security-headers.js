// Plain JavaScript because next.config.js imports it before TypeScript is set up.

/**
 * The policy for pages (set per request by proxy.ts): scripts run only with this response's nonce, and
 * scripts they load ('strict-dynamic'); no 'unsafe-inline' for scripts. Styles keep 'unsafe-inline' for
 * style attributes (a nonce there would disable it).
 */
export function pageContentSecurityPolicy(nonce, dev = process.env.NODE_ENV !== "production") {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join("; ");
}

/** For responses that are not pages (route handlers, files): nothing in them may run or be framed. */
const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function securityHeaders() {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  ];
}

/** next.config.js `headers()`: the headers above everywhere, the non-page CSP on route handlers. */
export function headerRules() {
  return [
    { source: "/:path*", headers: securityHeaders() },
    { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: NON_PAGE_CSP }] },
  ];
}
