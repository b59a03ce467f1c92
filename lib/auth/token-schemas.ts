import { z } from "zod";

// What POST /api/v1/auth/token and /auth/refresh read and answer: validated by lib/auth/token-endpoint, and
// documented from the same schemas by the route registry (lib/api/routes.ts).

const identifier = z.string().trim().min(1).max(320).optional();

// `email`, `username` or `login` name the account (OAuth 2's password grant says `username`).
export const TokenRequestSchema = z
  .object({
    email: identifier.meta({ description: "The account's email address (or send `username` or `login`)." }),
    username: identifier.meta({ description: "The account's username (OAuth 2's password grant name for it)." }),
    login: identifier.meta({ description: "Email or username.", examples: ["ada@example.com"] }),
    password: z
      .string()
      .min(1)
      .max(1024)
      .meta({ examples: ["correct horse battery staple"] }),
    otp: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .optional()
      .meta({
        description:
          "For accounts with two-factor login: the code from the authenticator app, or a recovery code. Without " +
          "it such accounts get 401 `unauthorized:otp_required`.",
      }),
  })
  .transform(({ email, username, login, password, otp }, context) => {
    const name = email ?? username ?? login;
    if (!name) {
      context.addIssue({ code: "custom", path: ["email"], message: "Send email, username or login." });
      return z.NEVER;
    }
    return { login: name, password, otp };
  });

const refreshToken = z.string().min(1).max(200).optional();
export const RefreshRequestSchema = z
  .object({
    refresh_token: refreshToken.meta({ description: "The refresh token of the last pair.", examples: ["rt_…"] }),
    refreshToken: refreshToken.meta({ description: "The same, for clients that send camelCase." }),
  })
  .transform((body, context) => {
    const token = body.refresh_token ?? body.refreshToken;
    if (!token) {
      context.addIssue({ code: "custom", path: ["refresh_token"], message: "Send the refresh_token." });
      return z.NEVER;
    }
    return { refreshToken: token };
  });

export const TokenResponseSchema = z
  .object({
    access_token: z.string().meta({ description: "Send as `Authorization: Bearer …`; lives 15 minutes." }),
    token_type: z.literal("Bearer"),
    expires_in: z
      .number()
      .int()
      .meta({ description: "Seconds the access token is valid.", examples: [900] }),
    refresh_token: z.string().meta({
      description: "Single use: `POST /auth/refresh` answers a new pair; replaying a used one revokes its family.",
    }),
  })
  .meta({ id: "TokenResponse" });

export const WhoamiSchema = z
  .object({
    userId: z.string(),
    via: z.enum(["api_key", "access_token", "session"]),
    scopes: z.array(z.string()),
    username: z.string().optional().meta({ description: "With the `profile:read` scope." }),
    email: z.string().optional().meta({ description: "With the `profile:read` scope." }),
  })
  .meta({ id: "Whoami" });
