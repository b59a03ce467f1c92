import "server-only";
import { headers } from "next/headers";
import { redirect, unstable_rethrow } from "next/navigation";
import { z } from "zod";
import type { ActionState, FieldErrors, FormActionFn, FormFeedback } from "./action-result";
import { recordAudit } from "./audit";
import type { AuditAction } from "./audit-actions";
import { type CurrentUser, type RequireUserOptions, requireSuperuser, requireUser } from "./auth/current-user";
import { clientIp } from "./auth/request-info";
import { AppError, toAppError } from "./errors";
import { refuseUnsafeText } from "./http";
import { log } from "./log";

export type { ActionState, FieldErrors, FormActionFn } from "./action-result";

/**
 * Who may call an action (server actions are public POST endpoints): a signed-in user (default), a superuser,
 * anyone (the sign-in, sign-up and password-reset forms, which need no session and must work while nobody is
 * signed in), or, for the two-factor set-up only, a signed-in user even while an administrator requires them
 * to set up 2FA before anything else (everywhere else such a user is refused).
 */
export type Access = "user" | "superuser" | "public" | "two_factor_setup";

/** What the body is given as its caller: the signed-in user, or nobody for a public action. */
export type CallerOf<A extends Access> = A extends "public" ? null : CurrentUser;

export interface ActionOptions<S extends z.ZodType, A extends Access = "user"> {
  /** For the logs, e.g. "conversations.rename". */
  name: string;
  input: S;
  access?: A;
  /**
   * What a caller without a session gets: a refusal (default), or the login page, for forms on pages that
   * a revoked session should leave (settings).
   */
  signedOut?: "refuse" | "login";
}

/**
 * A server action made by `action()`: called with its schema's input (left out where the schema accepts
 * nothing, as `z.object({}).optional()` does). Exported straight from a "use server" module:
 * `export const renameConversationAction = action({ ... }, async (input, user) => ...)`.
 */
export type ActionFn<S extends z.ZodType, T> = (
  ...input: undefined extends z.input<S> ? [input?: z.input<S>] : [input: z.input<S>]
) => Promise<ActionState<T>>;

/** How an action finds its caller; the tests pass their own. */
export interface SessionLookup {
  requireUser: (options?: RequireUserOptions) => Promise<CurrentUser>;
  requireSuperuser: () => Promise<CurrentUser>;
}

const requestSession: SessionLookup = { requireUser, requireSuperuser };

/**
 * The one way to write a server action, as `endpoint()` is for REST: check who is calling, validate the input
 * with zod, run the body, and turn any AppError into a failed ActionState. Expected refusals (no session,
 * bad input) are one log line; anything else is logged as an error and answered with a generic message.
 * A redirect or notFound() thrown by the body passes through.
 */
export function action<S extends z.ZodType, T, A extends Access = "user">(
  options: ActionOptions<S, A>,
  body: (input: z.infer<S>, user: CallerOf<A>) => Promise<T>,
): ActionFn<S, T> {
  return actionWith(requestSession, options, body);
}

/** `action()` with the session lookup passed in (the tests give it a user without a browser). */
export function actionWith<S extends z.ZodType, T, A extends Access = "user">(
  session: SessionLookup,
  options: ActionOptions<S, A>,
  body: (input: z.infer<S>, user: CallerOf<A>) => Promise<T>,
): ActionFn<S, T> {
  return async (raw?: unknown) => {
    try {
      const { user, input } = await admit(session, options, raw);
      return { ok: true, data: await body(input, user) };
    } catch (error) {
      return failure(options.name, error);
    }
  };
}

/**
 * `action()` for `<form action>` with `useActionState`: the FormData becomes an object (a repeated name
 * becomes an array) before validation, and the body answers with `success()` or `refusal()`, which may carry
 * a notice, field messages and values. On failure the fields named in `keep` (name → longest kept) are sent
 * back as `values`, so the form shows what was typed (never list a password there).
 */
export function formAction<S extends z.ZodType, T = null, A extends Access = "user">(
  options: ActionOptions<S, A> & { keep?: Readonly<Record<string, number>> },
  body: (input: z.infer<S>, user: CallerOf<A>, formData: FormData) => Promise<ActionState<T>>,
  session: SessionLookup = requestSession,
): FormActionFn<T> {
  return async (_previous, formData) => {
    let result: ActionState<T>;
    try {
      const { user, input } = await admit(session, options, formDataObject(formData));
      result = await body(input, user, formData);
    } catch (error) {
      result = failure(options.name, error);
    }
    if (result.ok || result.values || !options.keep) return result;
    return { ...result, values: keptValues(formData, options.keep) };
  };
}

/**
 * `action()` for a plain `<form action>` button whose page shows the outcome after revalidation (revoke,
 * grant, log out): nothing to answer, so a refusal is thrown (after the same logging) for the error page.
 */
export function submitAction<S extends z.ZodType, A extends Access = "user">(
  options: ActionOptions<S, A>,
  body: (input: z.infer<S>, user: CallerOf<A>) => Promise<void>,
  session: SessionLookup = requestSession,
): (formData: FormData) => Promise<void> {
  return async (formData) => {
    try {
      const { user, input } = await admit(session, options, formDataObject(formData));
      await body(input, user);
    } catch (error) {
      unstable_rethrow(error);
      const appError = toAppError(error);
      logFailure(options.name, appError, error);
      throw appError;
    }
  };
}

/** A form action's answer when it worked: its data, with a notice or values to show. */
export function success<T = null>(data: T, feedback: FormFeedback = {}): ActionState<T> {
  return { ok: true, data, ...feedback };
}

/** A form action's answer when it did not: a message, or messages next to the fields. */
export function refusal(error: string | FieldErrors, feedback: FormFeedback = {}): ActionState<never> {
  if (typeof error === "string") return { ok: false, error, ...feedback };
  const first = Object.values(error).find(Boolean) ?? new AppError("validation").message;
  return { ok: false, error: first, ...feedback, fields: error };
}

/** Records a security event for the caller's own account, or (with `subjectId`) an admin's act on another. */
export async function auditAction(
  user: CurrentUser,
  action: AuditAction,
  event: { subjectId?: string | null; details?: Record<string, string> } = { subjectId: user.id },
): Promise<void> {
  await recordAudit({ action, actorId: user.id, ip: clientIp(await headers()), ...event });
}

/** A form's text field that the browser did not send reads as empty, as an empty input would. */
export function formText<S extends z.ZodType>(schema: S) {
  return z.preprocess((value) => value ?? "", schema);
}

/** A form's repeated field (checkboxes) as a list: none checked is an empty list, one is a list of one. */
export function formList<S extends z.ZodType>(schema: S) {
  return z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), schema);
}

export function formDataObject(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const values = formData.getAll(key).filter((v): v is string => typeof v === "string");
    out[key] = values.length > 1 ? values : values[0];
  }
  return out;
}

/** Checks the caller, then the input; throws an AppError (or the login redirect) when either is refused. */
async function admit<S extends z.ZodType, A extends Access>(
  session: SessionLookup,
  options: ActionOptions<S, A>,
  raw: unknown,
): Promise<{ user: CallerOf<A>; input: z.infer<S> }> {
  const user = (await caller(session, options)) as CallerOf<A>;
  refuseUnsafeText(raw);
  const parsed = options.input.safeParse(raw);
  if (!parsed.success) {
    log.info("action.invalid", { action: options.name, userId: user?.id });
    throw invalid(parsed.error);
  }
  return { user, input: parsed.data };
}

async function caller(session: SessionLookup, options: ActionOptions<z.ZodType, Access>): Promise<CurrentUser | null> {
  if (options.access === "public") return null;
  try {
    if (options.access === "superuser") return await session.requireSuperuser();
    return await session.requireUser({ duringTwoFactorSetup: options.access === "two_factor_setup" });
  } catch (error) {
    if (options.signedOut === "login" && toAppError(error).kind === "unauthorized") redirect("/login");
    throw error;
  }
}

function invalid(error: z.ZodError): AppError {
  const fields: { field: string; message: string }[] = [];
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "input");
    if (!fields.some((f) => f.field === field)) fields.push({ field, message: issue.message });
  }
  return new AppError("validation", { message: error.issues[0]?.message, fields });
}

function failure(name: string, error: unknown): ActionState<never> {
  unstable_rethrow(error);
  const appError = toAppError(error);
  logFailure(name, appError, error);
  if (appError.kind === "internal") return { ok: false, error: appError.message };
  return {
    ok: false,
    error: appError.message,
    ...(appError.fields ? { fields: Object.fromEntries(appError.fields.map((f) => [f.field, f.message])) } : {}),
  };
}

function logFailure(name: string, appError: AppError, error: unknown): void {
  if (appError.kind === "internal") log.error("action.failed", { action: name, error });
  else if (appError.kind !== "validation" || !appError.fields)
    log.info("action.refused", { action: name, code: appError.code });
}

function keptValues(formData: FormData, keep: Readonly<Record<string, number>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(keep).map(([name, max]) => [name, String(formData.get(name) ?? "").slice(0, max)]),
  );
}
