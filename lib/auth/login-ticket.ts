import "server-only";
import { createHmac } from "node:crypto";
import { z } from "zod";
import { randomToken, safeEqual } from "../crypto";
import { derivedKey } from "./server-keys";

/**
 * The half-signed-in state between a correct password and the second factor: a short-lived token signed
 * for this one purpose. It is not a session: nothing but the second-factor step accepts it, and it names
 * the session version, so a password change or "log out everywhere" voids it.
 */
export const LOGIN_TICKET_TTL_SECONDS = 5 * 60;
const PURPOSE = "second-factor";
const PREFIX = "lt_";

const TicketSchema = z.object({
  purpose: z.literal(PURPOSE),
  sub: z.string(),
  sv: z.number().int(),
  exp: z.number(),
  n: z.string(),
});

function sign(body: string): string {
  return createHmac("sha256", derivedKey("login-ticket-v1")).update(body).digest("base64url");
}

export function issueLoginTicket(user: { id: string; sessionVersion: number }, now = Date.now()): string {
  const payload = {
    purpose: PURPOSE,
    sub: user.id,
    sv: user.sessionVersion,
    exp: Math.floor(now / 1000) + LOGIN_TICKET_TTL_SECONDS,
    n: randomToken(9),
  };
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${PREFIX}${body}.${sign(body)}`;
}

export interface LoginTicket {
  userId: string;
  sessionVersion: number;
  /** Recorded when the ticket signs someone in, so it signs in once (lib/db/login-tickets). */
  nonce: string;
  expiresAt: Date;
}

/** The ticket's user and session version, or null when it is forged, expired or for something else. */
export function readLoginTicket(ticket: string, now = Date.now()): LoginTicket | null {
  if (!ticket.startsWith(PREFIX) || ticket.length > 1000) return null;
  const [body, signature] = ticket.slice(PREFIX.length).split(".");
  if (!body || !signature || !safeEqual(signature, sign(body))) return null;
  let payload: z.infer<typeof TicketSchema>;
  try {
    payload = TicketSchema.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    return null;
  }
  if (payload.exp * 1000 <= now) return null;
  return {
    userId: payload.sub,
    sessionVersion: payload.sv,
    nonce: payload.n,
    expiresAt: new Date(payload.exp * 1000),
  };
}
