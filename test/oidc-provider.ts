import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type ClientMetadata, type KoaContextWithOIDC } from "oidc-provider";

/** The claims a test gives a person at the provider (`sub` is the login typed on its login page). */
export interface TestIdentity {
  email?: string;
  email_verified?: boolean;
  preferred_username?: string;
  name?: string;
  groups?: string[];
}

export interface TestOidcProvider {
  issuer: string;
  provider: Provider;
  /** What the provider says about each login; change it between sign-ins (a new email, other groups). */
  people: Map<string, TestIdentity>;
  close: () => Promise<void>;
}

const SCOPE = "openid email profile groups";

/**
 * A real OpenID Connect provider (`oidc-provider`, the certified library) on loopback. Its development login
 * page accepts any login (which becomes the subject) and any password; consent is granted without asking, as
 * a company's provider does for its own applications.
 */
export async function startOidcProvider(options: {
  port?: number;
  clients: ClientMetadata[];
  people?: Map<string, TestIdentity>;
}): Promise<TestOidcProvider> {
  const people = options.people ?? new Map<string, TestIdentity>();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: options.clients,
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name", "preferred_username"],
      groups: ["groups"],
    },
    scopes: ["openid", "email", "profile", "groups"],
    // Keycloak's and Entra's default: the requested claims are in the ID token, which Auth.js reads.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ["test-oidc-cookie-key-0123456789"] },
    async findAccount(_ctx: KoaContextWithOIDC, sub: string) {
      return {
        accountId: sub,
        async claims() {
          return { sub, ...(people.get(sub) ?? {}) };
        },
      };
    },
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const clientId = ctx.oidc.client?.clientId;
      const accountId = ctx.oidc.session?.accountId;
      if (!clientId || !accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId });
      grant.addOIDCScope(SCOPE);
      await grant.save();
      return grant;
    },
  });
  // No warnings about the development keys and interactions on every start.
  provider.on("server_error", (_ctx, error) => console.error("oidc-provider:", error));
  server.on("request", provider.callback());
  return {
    issuer,
    provider,
    people,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export { SCOPE as TEST_OIDC_SCOPE };
