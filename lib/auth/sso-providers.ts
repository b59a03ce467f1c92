import "server-only";
import type { Provider } from "next-auth/providers";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { z } from "zod";
import { env } from "../env";

export const SSO_PROVIDER_IDS = ["oidc", "github", "google"] as const;
export type SsoProviderId = (typeof SSO_PROVIDER_IDS)[number];
export const SsoProviderIdSchema = z.enum(SSO_PROVIDER_IDS);

export interface SsoProvider {
  id: SsoProviderId;
  /** The button's text after "Sign in with". */
  name: string;
}

const DEFAULT_OIDC_SCOPE = "openid email profile";

/** The sign-in providers this server is configured with (by environment variables), in button order. */
export function configuredSsoProviders(): SsoProvider[] {
  const e = env();
  const providers: SsoProvider[] = [];
  if (e.AUTH_OIDC_ISSUER && e.AUTH_OIDC_ID && e.AUTH_OIDC_SECRET) {
    providers.push({ id: "oidc", name: e.AUTH_OIDC_NAME ?? "single sign-on" });
  }
  if (e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET) providers.push({ id: "google", name: "Google" });
  if (e.AUTH_GITHUB_ID && e.AUTH_GITHUB_SECRET) providers.push({ id: "github", name: "GitHub" });
  return providers;
}

/** The provider a session names by its display name (sessions record "Company SSO", not "oidc"). */
export function ssoProviderIdByName(name: string): string | undefined {
  return configuredSsoProviders().find((p) => p.name === name)?.id;
}

export function ssoProviderById(id: string): SsoProvider | undefined {
  return configuredSsoProviders().find((p) => p.id === id);
}

/** The Auth.js providers for configuredSsoProviders(); the client secrets come from the environment only. */
export function authJsSsoProviders(): Provider[] {
  const e = env();
  return configuredSsoProviders().map((provider): Provider => {
    switch (provider.id) {
      case "oidc":
        return {
          id: "oidc",
          name: provider.name,
          type: "oidc",
          issuer: e.AUTH_OIDC_ISSUER,
          clientId: e.AUTH_OIDC_ID,
          clientSecret: e.AUTH_OIDC_SECRET,
          // Auth.js checks all three at the callback: a replayed or forged callback is refused.
          checks: ["pkce", "state", "nonce"],
          authorization: { params: { scope: e.AUTH_OIDC_SCOPE ?? DEFAULT_OIDC_SCOPE } },
          profile: (profile) => ({ id: String(profile.sub), email: profile.email ?? null, name: profile.name ?? null }),
        };
      case "google":
        return Google({
          clientId: e.AUTH_GOOGLE_ID,
          clientSecret: e.AUTH_GOOGLE_SECRET,
          checks: ["pkce", "state", "nonce"],
        });
      default:
        return GitHub({ clientId: e.AUTH_GITHUB_ID, clientSecret: e.AUTH_GITHUB_SECRET, checks: ["state"] });
    }
  });
}

/** What Parley reads from a provider's profile, the same shape for every provider. */
export interface SsoIdentity {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  preferredUsername: string | null;
  fullName: string | null;
  groups: string[];
}

const Text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .nullable()
    .catch(undefined)
    .transform((v) => v || null);

const OidcClaims = z.object({
  sub: z.union([z.string().trim().min(1).max(255), z.number().int().transform(String)]),
  email: z.email().max(320).optional().nullable().catch(undefined),
  // Some providers send the string "true".
  email_verified: z
    .union([z.boolean(), z.literal("true").transform(() => true)])
    .optional()
    .catch(false),
  preferred_username: Text(200),
  login: Text(200),
  name: Text(200),
  groups: z.array(z.string().max(500)).max(1000).optional().catch(undefined),
});

/**
 * The provider's claims as Parley's identity, or null when they have no usable subject. GitHub's profile has
 * no verification flag for the address it returns, so GitHub addresses count as unverified.
 */
export function identityFromProfile(providerId: SsoProviderId, profile: unknown, fallbackEmail?: string | null) {
  // GitHub is OAuth without OpenID Connect: its numeric user id is the subject.
  const claimsIn =
    providerId === "github" && profile && typeof profile === "object"
      ? { ...profile, sub: (profile as { id?: unknown }).id }
      : profile;
  const parsed = OidcClaims.safeParse(claimsIn);
  if (!parsed.success) return null;
  const claims = parsed.data;
  const email = claims.email ?? (providerId === "github" ? (fallbackEmail ?? null) : null);
  return {
    subject: claims.sub,
    email: email ? email.trim().toLowerCase() : null,
    emailVerified: providerId !== "github" && claims.email_verified === true && Boolean(email),
    preferredUsername: claims.preferred_username ?? claims.login,
    fullName: claims.name,
    groups: claims.groups ?? [],
  } satisfies SsoIdentity;
}

/** AUTH_OIDC_ADMIN_GROUPS: a comma-separated list of group names. */
export function adminGroups(): string[] {
  return splitList(env().AUTH_OIDC_ADMIN_GROUPS);
}

/** AUTH_OIDC_ROLE_GROUPS: `group=role` pairs, comma-separated (a role may be named by several groups). */
export function roleGroups(): { group: string; role: string }[] {
  return splitList(env().AUTH_OIDC_ROLE_GROUPS).flatMap((pair) => {
    const at = pair.lastIndexOf("=");
    const group = pair.slice(0, at).trim();
    const role = pair.slice(at + 1).trim();
    return at > 0 && group && role ? [{ group, role }] : [];
  });
}

function splitList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
}
