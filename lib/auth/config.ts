import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { createSession, findValidSession, revokeSessionByTokenHash, SESSION_ABSOLUTE_MS } from "../db/sessions";
import { recordAudit } from "../audit";
import { isDatabaseUnavailable } from "../db/unavailable";
import { findUserByLogin, recordLogin } from "../db/users";
import { log } from "../log";
import { checkCredentials } from "./login";
import { clientIp, userAgent } from "./request-info";
import { hashToken, randomToken } from "../crypto";

declare module "next-auth" {
  interface User {
    sessionToken?: string;
  }
  interface Session {
    sessionId: string;
    /** The database could not be reached to re-check this session: nothing in it may be trusted. */
    unavailable?: boolean;
    user: { id: string; email: string; username: string; isSuperuser: boolean; isEmailVerified: boolean };
  }
}

const CredentialsSchema = z.object({
  login: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

export class InvalidLogin extends CredentialsSignin {
  code = "invalid_login";
}

/** Thrown by `authorize` when the database cannot be reached: the password was not checked at all. */
export class DatabaseUnavailable extends CredentialsSignin {
  code = "unavailable";
}

/** Thrown by `authorize` when failed logins for the account or the IP are over the limit. */
export class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
  constructor(readonly retryAfterSeconds: number) {
    super();
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  session: { strategy: "jwt", maxAge: SESSION_ABSOLUTE_MS / 1000 },
  pages: { signIn: "/login" },
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
      credentials: { login: {}, password: {} },
      async authorize(credentials, request) {
        try {
          return await authorizeCredentials(credentials, request.headers);
        } catch (error) {
          if (!(error instanceof CredentialsSignin) && isDatabaseUnavailable(error)) throw new DatabaseUnavailable();
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    // Every request re-checks the server-side session row, so revocation takes effect at once.
    async jwt({ token, user }) {
      if (user?.sessionToken) {
        token.sub = user.id;
        token.sessionToken = user.sessionToken;
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

async function authorizeCredentials(credentials: unknown, headers: Headers) {
  const parsed = CredentialsSchema.safeParse(credentials);
  if (!parsed.success) throw new InvalidLogin();
  const { login, password } = parsed.data;
  const ip = clientIp(headers);
  const check = await checkCredentials({ login, password, ip });
  if (!check.ok) {
    const throttled = check.reason === "rate_limited";
    await recordAudit({
      action: throttled ? "auth.login_throttled" : "auth.login_failed",
      subjectId: (await findUserByLogin(login))?.id ?? null,
      ip,
    });
    if (throttled) throw new TooManyAttempts(check.retryAfterSeconds);
    throw new InvalidLogin();
  }
  const { user } = check;
  const sessionToken = randomToken();
  await createSession({
    userId: user.id,
    tokenHash: hashToken(sessionToken),
    deviceInfo: userAgent(headers),
    ipAddress: ip,
  });
  await recordLogin(user.id);
  await recordAudit({ action: "auth.login", actorId: user.id, subjectId: user.id, ip });
  log.info("auth.login", { userId: user.id, ip });
  return { id: user.id, email: user.email, name: user.username, sessionToken };
}
