import { type NextRequest, NextResponse } from "next/server";
import { refuseMalformedAction } from "./lib/action-guard";
import { pageContentSecurityPolicy } from "./lib/security-headers.js";
import { decodePath } from "./lib/url-path.js";

// A redirect convenience only: every page, route handler and server action checks the session itself.
// It also gives every page response a fresh CSP nonce, which Next reads from the request's
// Content-Security-Policy header and puts on its own scripts (pages therefore render per request).
const PUBLIC_PATHS = [
  /^\/login$/,
  /^\/signup(\/pending|\/check-email)?$/,
  /^\/verify-email/,
  /^\/reset-password/,
  /^\/forgot-password/,
  /^\/docs\//,
  /^\/share\//,
];
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export async function proxy(request: NextRequest) {
  const malformedAction = await refuseMalformedAction(request);
  if (malformedAction) return malformedAction;
  const { pathname, search } = request.nextUrl;
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const csp = pageContentSecurityPolicy(nonce);
  const withCsp = (response: NextResponse) => {
    response.headers.set("Content-Security-Policy", csp);
    return response;
  };
  // Next answers a path with a malformed `%` escape (e.g. /direct/a%E0%A4%A) with a bare 500 before any page
  // runs; such an address names nothing, so it gets the not-found page and a 404 instead.
  if (decodePath(pathname) === null) {
    return withCsp(NextResponse.rewrite(new URL("/not-found", request.url), { status: 404 }));
  }
  const isPublic = PUBLIC_PATHS.some((p) => p.test(pathname));
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (isPublic || hasSession) {
    const headers = new Headers(request.headers);
    headers.set("Content-Security-Policy", csp);
    // For a server component that renders its own inline <script nonce={…}> (none does today).
    headers.set("x-nonce", nonce);
    // For the page templates that send users who must set up 2FA to the set-up page (and not from it).
    headers.set("x-parley-path", pathname);
    return withCsp(NextResponse.next({ request: { headers } }));
  }
  const login = new URL("/login", request.url);
  if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return withCsp(NextResponse.redirect(login));
}

export const config = {
  // Everything but API routes (they answer 401 themselves), Next's own assets and the app's metadata files: a
  // page address that merely looks like a file (/chat/x.txt, the 404 page it renders) still gets its CSP.
  matcher: ["/((?!api/|_next/|favicon\\.ico$|icon\\.svg$|robots\\.txt$).*)"],
};
