import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { hashToken } from "../crypto";
import { findValidSession, revokeSessionByTokenHash, SESSION_ABSOLUTE_MS } from "../db/sessions";
import { isDatabaseUnavailable } from "../db/unavailable";
import { log } from "../log";
import { authorizeCredentials } from "./authorize";
import { DatabaseUnavailable } from "./login-errors";
import { ssoSignInCallback } from "./sso-callback";
import { rememberProviderSession } from "./sso-logout";
import { authJsSsoProviders } from "./sso-providers";
import { mustSetUpTwoFactorGiven } from "./two-factor-policy";

declare module "next-auth" {
  interface User {
    sessionToken?: string;
  }
  interface Session {
    sessionId: string;
    /** The database could not be reached to re-check this session: nothing in it may be trusted. */
    unavailable?: boolean;
    user: {
      id: string;
      email: string;
      username: string;
      isSuperuser: boolean;
      isEmailVerified: boolean;
      /** An administrator requires 2FA of this user, who has not set it up yet. */
      mustSetUpTwoFactor: boolean;
    };
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  session: { strategy: "jwt", maxAge: SESSION_ABSOLUTE_MS / 1000 },
  // Auth.js's own errors (a refused or replayed callback) are shown on the login page too.
  pages: { signIn: "/login", error: "/login" },
  trustHost: true,
  logger: {
    // Wrong passwords are expected; Auth.js would otherwise log a stack trace for each.
    error(error) {
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") return;
      log.error("auth.error", { error });
    },
  },
  providers: [
    Credentials({
      credentials: { login: {}, password: {}, ticket: {}, code: {}, passkey: {} },
      async authorize(credentials, request) {
        try {
          return await authorizeCredentials(credentials, request.headers);
        } catch (error) {
          if (!(error instanceof CredentialsSignin) && isDatabaseUnavailable(error)) throw new DatabaseUnavailable();
          throw error;
        }
      },
    }),
    ...authJsSsoProviders(),
  ],
  callbacks: {
    signIn: ssoSignInCallback,
    // Every request re-checks the server-side session row, so revocation takes effect at once.
    async jwt({ token, user, account }) {
      if (user?.sessionToken) {
        token.sub = user.id;
        token.sessionToken = user.sessionToken;
        rememberProviderSession(token, account);
      }
      if (typeof token.sessionToken !== "string") return null;
      delete token.unavailable;
      let session: Awaited<ReturnType<typeof findValidSession>>;
      try {
        session = await findValidSession(hashToken(token.sessionToken));
      } catch (error) {
        // Returning null or throwing would make Auth.js delete the cookie: an outage must not sign anyone out.
        // The flag makes getCurrentUser refuse with 503; nothing else in the token is trusted meanwhile.
        if (isDatabaseUnavailable(error)) return { ...token, unavailable: true };
        throw error;
      }
      if (!session || session.userId !== token.sub) return null;
      token.sid = session.id;
      token.email = session.user.email;
      token.username = session.user.username;
      token.isSuperuser = session.user.isSuperuser;
      token.isEmailVerified = Boolean(session.user.emailVerifiedAt);
      token.mustSetUpTwoFactor = mustSetUpTwoFactorGiven(session);
      return token;
    },
    session({ session, token }) {
      session.unavailable = token.unavailable === true;
      session.sessionId = String(token.sid);
      session.user = {
        ...session.user,
        id: String(token.sub),
        email: String(token.email),
        username: String(token.username),
        isSuperuser: token.isSuperuser === true,
        isEmailVerified: token.isEmailVerified === true,
        mustSetUpTwoFactor: token.mustSetUpTwoFactor === true,
      };
      return session;
    },
  },
  events: {
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (token && typeof token.sessionToken === "string")
        await revokeSessionByTokenHash(hashToken(token.sessionToken));
    },
  },
});
