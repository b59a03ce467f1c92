import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { type CurrentUser, type RequireUserOptions, requireSuperuser, requireUser } from "./auth/current-user";
import { AppError, toAppError } from "./errors";
import { refuseUnsafeText } from "./http";
import { log } from "./log";

/** What every server action answers: the result, or a message (and per-field messages) safe to show. */
export type ActionState<T = null> =
  | { ok: true; data: T; notice?: string }
  | { ok: false; error: string; fields?: Record<string, string>; values?: Record<string, string> };

export interface ActionOptions<S extends z.ZodType> {
  /** For the logs, e.g. "conversations.rename". */
  name: string;
  input: S;
  /**
   * Who may call it (server actions are public POST endpoints): a signed-in user (default), a superuser, or
   * (for the two-factor set-up only) a signed-in user who must set up 2FA before anything else.
   */
  access?: "user" | "superuser" | "two_factor_setup";
}

/**
 * The one way to write a server action, as `endpoint()` is for REST: check who is calling, validate the input
 * with zod, run the body, and turn any AppError into a failed ActionState. Expected refusals (no session,
 * bad input) are one log line; anything else is logged as an error and answered with a generic message.
 * A redirect or notFound() thrown by the body passes through.
 */
export function action<S extends z.ZodType, T>(
  options: ActionOptions<S>,
  body: (input: z.infer<S>, user: CurrentUser) => Promise<T>,
): (input: unknown) => Promise<ActionState<T>> {
  return actionWith({ requireUser, requireSuperuser }, options, body);
}

/** `action()` with the session lookup passed in (the tests give it a user without a browser). */
export function actionWith<S extends z.ZodType, T>(
  session: {
    requireUser: (options?: RequireUserOptions) => Promise<CurrentUser>;
    requireSuperuser: () => Promise<CurrentUser>;
  },
  options: ActionOptions<S>,
  body: (input: z.infer<S>, user: CurrentUser) => Promise<T>,
): (input: unknown) => Promise<ActionState<T>> {
  return async (raw) => {
    try {
      const user =
        options.access === "superuser"
          ? await session.requireSuperuser()
          : await session.requireUser({ duringTwoFactorSetup: options.access === "two_factor_setup" });
      refuseUnsafeText(raw);
      const parsed = options.input.safeParse(raw);
      if (!parsed.success) {
        log.info("action.invalid", { action: options.name, userId: user.id });
        return invalid(parsed.error);
      }
      return { ok: true, data: await body(parsed.data, user) };
    } catch (error) {
      unstable_rethrow(error);
      return failure(options.name, error);
    }
  };
}

/**
 * `action()` for `<form action>` with `useActionState`: the FormData becomes an object (a repeated name
 * becomes an array) before validation. On failure the fields named in `keep` are sent back as `values`, so
 * the form shows what was typed (never list a password there).
 */
export function formAction<S extends z.ZodType, T>(
  options: ActionOptions<S> & { keep?: readonly string[] },
  body: (input: z.infer<S>, user: CurrentUser) => Promise<T>,
): (previous: ActionState<T> | null, formData: FormData) => Promise<ActionState<T>> {
  const run = action(options, body);
  return async (_previous, formData) => {
    const result = await run(formDataObject(formData));
    if (result.ok || !options.keep?.length) return result;
    const values = Object.fromEntries(options.keep.map((name) => [name, String(formData.get(name) ?? "")]));
    return { ...result, values };
  };
}

export function formDataObject(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const values = formData.getAll(key).filter((v): v is string => typeof v === "string");
    out[key] = values.length > 1 ? values : values[0];
  }
  return out;
}

function invalid(error: z.ZodError): ActionState<never> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.join(".") || "input";
    fields[field] ??= issue.message;
  }
  return { ok: false, error: error.issues[0]?.message ?? "Some fields are not valid.", fields };
}

function failure(name: string, error: unknown): ActionState<never> {
  const appError = toAppError(error);
  if (appError.kind !== "internal") {
    log.info("action.refused", { action: name, code: appError.code });
    return {
      ok: false,
      error: appError.message,
      ...(appError.fields ? { fields: Object.fromEntries(appError.fields.map((f) => [f.field, f.message])) } : {}),
    };
  }
  log.error("action.failed", { action: name, error });
  return { ok: false, error: new AppError("internal").message };
}
