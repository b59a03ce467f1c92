import { type NextRequest, NextResponse } from "next/server";
import { refuseMalformedAction } from "./lib/action-guard";

// A redirect convenience only: every page, route handler and server action checks the session itself.
const PUBLIC_PATHS = [
  /^\/login$/,
  /^\/signup$/,
  /^\/verify-email/,
  /^\/reset-password/,
  /^\/forgot-password/,
  /^\/docs\//,
];
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export async function proxy(request: NextRequest) {
  const malformedAction = await refuseMalformedAction(request);
  if (malformedAction) return malformedAction;
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PATHS.some((p) => p.test(pathname))) return NextResponse.next();
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (hasSession) return NextResponse.next();
  const login = new URL("/login", request.url);
  if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(login);
}

export const config = {
  // Pages only: API routes answer 401 themselves, static files need no session.
  matcher: ["/((?!api/|_next/|favicon.ico|robots.txt|.*\\.(?:svg|png|jpg|ico|css|js|txt)$).*)"],
};
