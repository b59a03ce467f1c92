import "server-only";
import { NextRequest } from "next/server";
import { env } from "../env";

/**
 * The request Auth.js's route handler sees, on the public origin (APP_URL). Next names a request by the
 * address the server listens on (http://localhost:3000 behind `scripts/server.mjs`), and next-auth's own
 * AUTH_URL rewrite is lost on Next 16 (`new NextRequest(url, request)` keeps the request's URL), so the
 * redirect URI of a provider's callback would not be the registered one. Without APP_URL, nothing changes.
 */
export function onPublicOrigin(request: NextRequest): NextRequest {
  const appUrl = env().APP_URL;
  if (!appUrl) return request;
  const origin = new URL(appUrl).origin;
  const url = new URL(request.url);
  if (url.origin === origin) return request;
  // `duplex` is what Node needs to send a streamed body on (not in TypeScript's RequestInit yet).
  const init = { method: request.method, headers: request.headers, body: request.body, duplex: "half" };
  return new NextRequest(`${origin}${url.pathname}${url.search}`, init as ConstructorParameters<typeof NextRequest>[1]);
}
