import "server-only";
import { createUser } from "../db/users";
import { AppError } from "../errors";
import { log } from "../log";
import { hit } from "../rate-limit";
import { LIMITS } from "./limits";
import { ipRateLimitSubject } from "./request-info";
import { waitText } from "./login";
import { hashPassword } from "./password";

/** Creates an account, counting sign-ups per IP first (the count includes attempts that clash). */
export async function registerUser(input: { email: string; username: string; password: string; ip: string }) {
  const limit = await hit(LIMITS.signupsPerIp, ipRateLimitSubject(input.ip));
  if (!limit.allowed) {
    log.warn("auth.signup_throttled", { ip: input.ip });
    throw new AppError("rate_limited:signup", {
      message: `Too many sign-ups from your network, try again in ${waitText(limit.retryAfterSeconds)}.`,
      retryAfterSeconds: limit.retryAfterSeconds,
    });
  }
  const passwordHash = await hashPassword(input.password);
  const user = await createUser({ email: input.email, username: input.username, passwordHash });
  log.info("auth.signup", { userId: user.id, ip: input.ip });
  return user;
}
