import "server-only";
import { isDatabaseUnavailableError } from "../errors";
import { log } from "../log";
import { getRequestUser } from "./request-user";

/**
 * How often an open stream asks again whether its caller may still read it. One check (one indexed lookup)
 * per stream per interval, whatever the stream carries: logout, revocation, a password reset and deactivation
 * reach a stream within this bound, as they reach the next request.
 */
export const PRINCIPAL_RECHECK_MS = 5_000;

/**
 * How long checks that fail because the database is unreachable keep a stream open. Revoking is a database
 * write, so none can happen during the outage; only one made in the few seconds before it waits this long.
 * Meanwhile a reply stream ends by itself with what the server knows (issue 28), not a cut connection.
 */
export const UNCHECKABLE_GRACE_MS = 30_000;

/**
 * The same stream, closed as soon as `stillAllowed` says no (or fails: a check that cannot be made does not
 * keep a stream open, except while the database is unreachable, for `UNCHECKABLE_GRACE_MS`). The source is
 * cancelled then, so a feed stops its own polling.
 */
export function closeWhenRevoked<T>(
  source: ReadableStream<T>,
  stillAllowed: () => Promise<boolean>,
  context: Record<string, unknown> = {},
  intervalMs = PRINCIPAL_RECHECK_MS,
): ReadableStream<T> {
  const reader = source.getReader();
  let timer: ReturnType<typeof setInterval> | undefined;
  let ended = false;
  let checking = false;
  let uncheckableSince: number | null = null;
  const stop = () => {
    ended = true;
    if (timer) clearInterval(timer);
  };
  return new ReadableStream<T>({
    start(controller) {
      timer = setInterval(async () => {
        if (ended || checking) return;
        checking = true;
        let allowed: boolean;
        try {
          allowed = await stillAllowed();
          uncheckableSince = null;
        } catch (error) {
          log.warn("stream.recheck_failed", { ...context, error });
          uncheckableSince ??= Date.now();
          allowed = isDatabaseUnavailableError(error) && Date.now() - uncheckableSince < UNCHECKABLE_GRACE_MS;
        } finally {
          checking = false;
        }
        if (allowed || ended) return;
        log.info("stream.revoked", context);
        stop();
        try {
          controller.close();
        } catch {
          // Already closed or errored by the reader's side.
        }
        reader.cancel("revoked").catch(() => {});
      }, intervalMs);
      timer.unref?.();
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (ended) return;
        if (done) {
          stop();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        if (ended) return;
        stop();
        controller.error(error);
      }
    },
    cancel(reason) {
      stop();
      return reader.cancel(reason);
    },
  });
}

/** A streamed Response whose body ends when `stillAllowed` says no; headers and status unchanged. */
export function closeResponseWhenRevoked(
  response: Response,
  stillAllowed: () => Promise<boolean>,
  context: Record<string, unknown> = {},
): Response {
  if (!response.body) return response;
  return new Response(closeWhenRevoked(response.body, stillAllowed, context), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** For a browser's stream: the request's session cookie still signs in `userId` (and 2FA set-up is not due). */
export async function sessionStillValid(request: Request, userId: string): Promise<boolean> {
  const user = await getRequestUser(request);
  return user?.id === userId && !user.mustSetUpTwoFactor;
}
