import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Auth, type AuthConfig } from "@auth/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider, TEST_OIDC_SCOPE, type TestOidcProvider } from "../../test/oidc-provider";
import { resetEnv } from "../env";
import { authJsSsoProviders } from "./sso-providers";

// The protocol half of single sign-on, attacked against a real OpenID Connect provider on loopback: Parley's
// provider definition (authJsSsoProviders, configured from AUTH_OIDC_*) run by Auth.js itself. The account
// mapping behind a successful callback is tested in sso.db.test.ts.

const APP = "http://parley.test";
const CALLBACK = `${APP}/api/auth/callback/oidc`;
const SECRET = "parley-client-secret-0123456789abcdef";
let idp: TestOidcProvider;
let other: TestOidcProvider;
let mixUp: Server;
let mixUpIssuer: string;

type Jar = Map<string, string>;
/** What Auth.js logged as errors: why a callback was refused. */
let errors: string[] = [];

function remember(jar: Jar, response: Response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair = ""] = line.split(";");
    const at = pair.indexOf("=");
    const value = pair.slice(at + 1);
    if (/expires=Thu, 01 Jan 1970/i.test(line) || value === "") jar.delete(pair.slice(0, at));
    else jar.set(pair.slice(0, at), value);
  }
}

const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

function config(): AuthConfig {
  return {
    providers: authJsSsoProviders(),
    secret: "vitest-auth-secret-0123456789abcdef",
    trustHost: true,
    basePath: "/api/auth",
    session: { strategy: "jwt" },
    logger: {
      error(error) {
        const cause = (error as { cause?: { err?: unknown } }).cause?.err ?? (error as { cause?: unknown }).cause;
        errors.push(`${error.name}: ${error.message} ${cause instanceof Error ? cause.message : String(cause ?? "")}`);
      },
      warn() {},
      debug() {},
    },
  };
}

async function parley(path: string, jar: Jar, init: RequestInit = {}) {
  const response = await Auth(
    new Request(`${APP}${path}`, {
      ...init,
      headers: { cookie: cookieHeader(jar), ...(init.headers ?? {}) },
    }),
    config(),
  );
  remember(jar, response);
  return response;
}

/** "Sign in with …" in Parley: the provider's authorization URL, with the state/PKCE/nonce cookies in the jar. */
async function startSignIn(jar: Jar): Promise<URL> {
  const csrf = (await (await parley("/api/auth/csrf", jar)).json()) as { csrfToken: string };
  const response = await parley("/api/auth/signin/oidc", jar, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken: csrf.csrfToken, callbackUrl: `${APP}/` }),
  });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location") ?? "");
}

/** Logs in at the provider's own login page (over HTTP) and returns where the provider sends the browser back. */
async function loginAtProvider(authorization: URL, login: string): Promise<string> {
  const jar: Jar = new Map();
  const go = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { cookie: cookieHeader(jar), ...(init.headers ?? {}) },
    });
    remember(jar, response);
    return response;
  };
  let response = await go(authorization.toString());
  let location = new URL(response.headers.get("location") ?? "", authorization).toString();
  expect(location).toContain("/interaction/");
  response = await go(location, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ prompt: "login", login, password: "anything" }),
  });
  for (let hops = 0; hops < 5; hops++) {
    location = new URL(response.headers.get("location") ?? "", authorization).toString();
    if (location.startsWith(APP)) return location;
    response = await go(location);
  }
  throw new Error("the provider never redirected back");
}

async function callback(url: string, jar: Jar) {
  const u = new URL(url);
  return parley(`${u.pathname}${u.search}`, jar);
}

const signedIn = (jar: Jar) => [...jar.keys()].some((k) => k.endsWith("authjs.session-token"));

function configure(issuer: string) {
  errors = [];
  process.env.AUTH_OIDC_ISSUER = issuer;
  process.env.AUTH_OIDC_ID = "parley";
  process.env.AUTH_OIDC_SECRET = SECRET;
  process.env.AUTH_OIDC_NAME = "Company SSO";
  process.env.AUTH_OIDC_SCOPE = TEST_OIDC_SCOPE;
  resetEnv();
}

beforeAll(async () => {
  const clients = [
    { client_id: "parley", client_secret: SECRET, redirect_uris: [CALLBACK] },
    { client_id: "other-app", client_secret: "other-app-secret-0123456789abcdef", redirect_uris: [CALLBACK] },
  ];
  idp = await startOidcProvider({ clients });
  other = await startOidcProvider({ clients });
  for (const p of [idp, other]) p.people.set("alice", { email: "alice@corp.example", email_verified: true });
  // A "provider" whose discovery claims its own issuer but whose endpoints (and tokens) are another's.
  mixUp = createServer(async (_req, res) => {
    const discovery = (await (await fetch(`${other.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    res.setHeader("content-type", "application/json");
    res.end(
      JSON.stringify({ ...discovery, issuer: mixUpIssuer, authorization_response_iss_parameter_supported: false }),
    );
  });
  await new Promise<void>((resolve) => mixUp.listen(0, "127.0.0.1", resolve));
  mixUpIssuer = `http://127.0.0.1:${(mixUp.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all([idp?.close(), other?.close(), new Promise((r) => mixUp?.close(r))]);
  for (const name of ["ISSUER", "ID", "SECRET", "NAME", "SCOPE"]) delete process.env[`AUTH_OIDC_${name}`];
  resetEnv();
});

describe("OpenID Connect callback", () => {
  it("signs in when the browser that started it comes back with the provider's code", async () => {
    configure(idp.issuer);
    const jar: Jar = new Map();
    const authorization = await startSignIn(jar);
    expect(authorization.origin).toBe(idp.issuer);
    expect(authorization.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorization.searchParams.get("state")).toBeTruthy();
    expect(authorization.searchParams.get("nonce")).toBeTruthy();
    const response = await callback(await loginAtProvider(authorization, "alice"), jar);
    expect(response.headers.get("location")).toBe(`${APP}/`);
    expect(signedIn(jar)).toBe(true);
  });

  it("refuses a callback replayed by another browser, or replayed with the first browser's cookies", async () => {
    configure(idp.issuer);
    const jar: Jar = new Map();
    const back = await loginAtProvider(await startSignIn(jar), "alice");
    const checks = new Map(jar);
    const thief: Jar = new Map();
    expect((await callback(back, thief)).headers.get("location")).toMatch(/error=/);
    expect(signedIn(thief)).toBe(false);
    expect(errors.join("\n")).toMatch(/InvalidCheck: state/);
    await callback(back, jar);
    expect(signedIn(jar)).toBe(true);
    // Even with the state, PKCE and nonce cookies copied from the first browser, the code is spent.
    errors = [];
    const copy = new Map(checks);
    expect((await callback(back, copy)).headers.get("location")).toMatch(/error=/);
    expect(signedIn(copy)).toBe(false);
    expect(errors.join("\n")).toMatch(/server responded with an error in the response body/);
  });

  it("refuses a code the provider issued to another client", async () => {
    configure(idp.issuer);
    const jar: Jar = new Map();
    const authorization = await startSignIn(jar);
    // Same state, PKCE challenge and nonce (the attacker saw them), but the code is for another application.
    authorization.searchParams.set("client_id", "other-app");
    const back = await loginAtProvider(authorization, "alice");
    expect(new URL(back).searchParams.get("code")).toBeTruthy();
    expect((await callback(back, jar)).headers.get("location")).toMatch(/error=/);
    expect(signedIn(jar)).toBe(false);
    // The provider's token endpoint refused the code (it was not issued to Parley's client).
    expect(errors.join("\n")).toMatch(/server responded with an error in the response body/);
  });

  it("refuses tokens from another issuer than the configured one", async () => {
    configure(mixUpIssuer);
    const jar: Jar = new Map();
    const authorization = await startSignIn(jar);
    expect(authorization.origin).toBe(other.issuer);
    const back = await loginAtProvider(authorization, "alice");
    expect(new URL(back).searchParams.get("code")).toBeTruthy();
    expect((await callback(back, jar)).headers.get("location")).toMatch(/error=/);
    expect(signedIn(jar)).toBe(false);
    expect(errors.join("\n")).toMatch(/unexpected "iss" \(issuer\) response parameter/);

    // Without the authorization response's `iss` (RFC 9207), the ID token's own issuer is what gives it away.
    errors = [];
    const second: Jar = new Map();
    const stripped = new URL(await loginAtProvider(await startSignIn(second), "alice"));
    stripped.searchParams.delete("iss");
    expect((await callback(stripped.toString(), second)).headers.get("location")).toMatch(/error=/);
    expect(signedIn(second)).toBe(false);
    expect(errors.join("\n")).toMatch(/unexpected JWT "iss" \(issuer\) claim value/);
  });
});
