import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentUser, RequireUserOptions } from "@/lib/auth/current-user";

// Server actions are public POST endpoints: anyone can call any exported function of a "use server" module.
// This calls every one of them, found on disk, as a visitor without a session and as a member who is not a
// superuser, and checks each is refused before it does anything (its input is empty, so a body that ran
// first would answer a validation message instead). A member whom an administrator requires to set up two-factor
// authentication first is refused everything but that set-up.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));

vi.mock("@/lib/auth/current-user", async (importOriginal) => {
  const { AppError } = await import("@/lib/errors");
  // The real rule on the session's user: refused without one, and while they must set up 2FA first unless
  // the action is part of that set-up.
  const { checkRequiredUser } = await importOriginal<typeof import("@/lib/auth/current-user")>();
  const requireUser = async (options?: RequireUserOptions) => checkRequiredUser(session.user, options);
  return {
    getCurrentUser: async () => session.user,
    requireUser,
    requireSuperuser: async () => {
      const user = await requireUser();
      if (!user.isSuperuser) throw new AppError("forbidden");
      return user;
    },
  };
});
// Auth.js itself is not under test; the public actions must never reach it with empty input anyway.
vi.mock("@/lib/auth/config", () => ({
  signIn: vi.fn(async () => {
    throw new Error("signIn must not run for empty input");
  }),
  signOut: vi.fn(async () => undefined),
  auth: vi.fn(async () => null),
  AwaitingApproval: class extends Error {},
}));
// Starting a passkey sign-in stores a challenge and counts a hit per IP; neither store is under test here.
vi.mock("@/lib/rate-limit", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/rate-limit")>()),
  enforce: vi.fn(async () => undefined),
}));
vi.mock("@/lib/auth/passkeys", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/passkeys")>()),
  passkeyLoginOptions: vi.fn(async () => ({ challenge: "test-challenge", rpId: "localhost" })),
}));
// Likewise the stored secret of a 2FA set-up that an admitted caller starts.
vi.mock("@/lib/auth/two-factor", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/two-factor")>()),
  beginTotpSetup: vi.fn(async () => ({ secret: "JBSWY3DPEHPK3PXP", uri: "otpauth://totp/test", qrSvg: "<svg/>" })),
}));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const member: CurrentUser = {
  id: "3f1d1c1e-0000-4000-8000-000000000001",
  email: "ada@example.test",
  username: "ada",
  isSuperuser: false,
  isEmailVerified: true,
  mustSetUpTwoFactor: false,
  sessionId: "3f1d1c1e-0000-4000-8000-000000000002",
};

/**
 * The only actions anyone may call without a session: signing in and the emailed-link forms. `login` includes
 * its code step (a form with the ticket the password step answered): nobody is signed in until the code is
 * right, and the signed ticket, not a session, is what proves the password was. The two passkey actions are a
 * sign-in too, instead of password and code: the challenge (limited per IP) and the browser's signed answer.
 * "Sign in with <provider>" only starts the provider's login (Auth.js's redirect with state, PKCE and nonce).
 */
const PUBLIC = new Set([
  "app/(auth)/actions.ts#signInWithProviderAction",
  "app/(auth)/actions.ts#loginAction",
  "app/(auth)/actions.ts#passkeySignInOptionsAction",
  "app/(auth)/actions.ts#signInWithPasskeyAction",
  "app/(auth)/actions.ts#signupAction",
  "app/(auth)/actions.ts#logoutAction",
  "app/(auth)/actions.ts#confirmEmailAction",
  "app/(auth)/actions.ts#forgotPasswordAction",
  // "Send the link again" on the check-your-email page: the account cannot sign in before its address is verified.
  "app/(auth)/actions.ts#resendSignupLinkAction",
  "app/(auth)/actions.ts#setNewPasswordAction",
]);
/** Where a visitor without a session is sent to log in rather than refused (forms on pages they must leave). */
const TWO_FACTOR = "app/(chat)/settings/two-factor/actions.ts#";
const SENDS_TO_LOGIN = [
  "app/(chat)/settings/actions.ts#",
  "app/(chat)/settings/connected-accounts/actions.ts#",
  "app/(chat)/settings/password/actions.ts#",
  "app/(auth)/actions.ts#resendVerificationAction",
  // The two-factor settings' forms; its two passkey actions are called from client code and refuse instead.
  ...[
    "startTwoFactorSetupAction",
    "turnOnTwoFactorAction",
    "turnOffTwoFactorAction",
    "newRecoveryCodesAction",
    "removePasskeyAction",
  ].map((name) => `${TWO_FACTOR}${name}`),
];
const SUPERUSER_ONLY = ["app/admin/"];
/** The two-factor set-up's own actions: open to a member whom an administrator requires to set it up first. */
const DURING_TWO_FACTOR_SETUP = [`${TWO_FACTOR}startTwoFactorSetupAction`, `${TWO_FACTOR}turnOnTwoFactorAction`];
const SET_UP_TWO_FACTOR_FIRST =
  /^(refused: Set up two-factor authentication first: your administrator requires it .*|thrown: forbidden:two_factor_setup)$/;

const root = path.resolve(import.meta.dirname, "..");

function serverActionFiles(dir = path.join(root, "app")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return serverActionFiles(full);
    if (!/\.tsx?$/.test(entry.name) || entry.name.includes(".test.")) return [];
    return /^\s*["']use server["']/.test(readFileSync(full, "utf8")) ? [full] : [];
  });
}

type Outcome = { kind: "answer"; value: unknown } | { kind: "thrown"; error: unknown };

/** Calls an action the way its form or client code does: (state, formData), (formData) or (input). */
async function call(fn: (...args: unknown[]) => Promise<unknown>, file: string): Promise<Outcome> {
  const isClientCalled = file.endsWith(path.join("app", "(chat)", "actions.ts"));
  const args = isClientCalled ? [{}] : fn.length === 2 ? [null, new FormData()] : [new FormData()];
  try {
    return { kind: "answer", value: await fn(...args) };
  } catch (error) {
    return { kind: "thrown", error };
  }
}

function describeRefusal(outcome: Outcome): string {
  if (outcome.kind === "answer") {
    const value = outcome.value as { ok?: boolean; error?: string } | undefined;
    return value?.ok === false ? `refused: ${value.error}` : `answered: ${JSON.stringify(value)}`;
  }
  const error = outcome.error as { digest?: string; code?: string; message?: string };
  if (typeof error?.digest === "string" && error.digest.startsWith("NEXT_REDIRECT")) {
    return `redirect: ${error.digest.split(";")[2]}`;
  }
  return `thrown: ${error?.code ?? error?.message}`;
}

async function everyAction(): Promise<{ id: string; file: string; fn: (...args: unknown[]) => Promise<unknown> }[]> {
  const found = [];
  for (const file of serverActionFiles()) {
    const exports = (await import(file)) as Record<string, unknown>;
    for (const [name, fn] of Object.entries(exports)) {
      if (typeof fn !== "function") continue;
      found.push({
        id: `${path.relative(root, file)}#${name}`,
        file,
        fn: fn as (...args: unknown[]) => Promise<unknown>,
      });
    }
  }
  return found;
}

describe("every server action checks its caller", () => {
  beforeEach(() => {
    session.user = null;
  });

  it("finds the server action modules and their actions", async () => {
    const actions = await everyAction();
    expect(serverActionFiles().length).toBeGreaterThanOrEqual(6);
    expect(actions.map((a) => a.id)).toEqual(
      expect.arrayContaining([
        "app/admin/actions.ts#removeUserAction",
        "app/(chat)/settings/actions.ts#createKeyAction",
        "app/(auth)/actions.ts#loginAction",
        `${TWO_FACTOR}turnOnTwoFactorAction`,
        `${TWO_FACTOR}addPasskeyAction`,
        "app/admin/two-factor-actions.ts#saveTwoFactorRequirementAction",
      ]),
    );
  });

  it("names every action verb-noun-Action (CONTRIBUTING.md), so a call site shows it is a public endpoint", async () => {
    const misnamed = (await everyAction()).map((a) => a.id).filter((id) => !/#[a-z]\w*Action$/.test(id));
    expect(misnamed).toEqual([]);
  });

  it("refuses a visitor without a session everywhere but the sign-in forms", async () => {
    const outcomes: Record<string, string> = {};
    for (const { id, file, fn } of await everyAction()) {
      if (PUBLIC.has(id)) continue;
      outcomes[id] = describeRefusal(await call(fn, file));
    }
    const expected = Object.fromEntries(
      Object.keys(outcomes).map((id) => [
        id,
        SENDS_TO_LOGIN.some((prefix) => id.startsWith(prefix))
          ? "redirect: /login"
          : expect.stringMatching(/^(refused: You need to sign in to do that\.|thrown: unauthorized)$/),
      ]),
    );
    expect(outcomes).toEqual(expected);
    expect(Object.keys(outcomes).length).toBeGreaterThan(20);
  });

  it("refuses a signed-in member who is not a superuser every admin action", async () => {
    session.user = member;
    const outcomes: Record<string, string> = {};
    for (const { id, file, fn } of await everyAction()) {
      if (!SUPERUSER_ONLY.some((prefix) => id.startsWith(prefix))) continue;
      outcomes[id] = describeRefusal(await call(fn, file));
    }
    expect(Object.keys(outcomes).sort()).toEqual([
      ...[
        "addRoleAction",
        "dropRoleAction",
        "grantRoleAction",
        "removeUserAction",
        "resetTwoFactorLoginAction",
        "revokeRoleAction",
        "saveRolePermissionsAction",
        "setActiveAction",
      ].map((n) => `app/admin/actions.ts#${n}`),
      ...[
        "addConnectionAction",
        "addModelAction",
        "editConnectionAction",
        "editModelAction",
        "moveModelAction",
        "refreshConnectionAction",
        "removeConnectionAction",
        "removeModelAction",
        "setDefaultModelAction",
        "testConnectionAction",
      ].map((n) => `app/admin/models/actions.ts#${n}`),
      ...[
        "approveUserAction",
        "createAccountAction",
        "createInviteAction",
        "rejectUserAction",
        "revokeInviteAction",
        "saveSignupSettingsAction",
      ].map((n) => `app/admin/signup/actions.ts#${n}`),
      ...[
        "addMcpServerAction",
        "editMcpServerAction",
        "editMcpToolAction",
        "refreshMcpServerAction",
        "removeMcpServerAction",
      ].map((n) => `app/admin/tools/actions.ts#${n}`),
      "app/admin/two-factor-actions.ts#saveTwoFactorRequirementAction",
    ]);
    for (const outcome of Object.values(outcomes)) {
      expect(outcome).toMatch(/^(refused: You are not allowed to do that\.|thrown: forbidden)$/);
    }
  });

  it("refuses a member who must first set up two-factor authentication everything but that set-up", async () => {
    session.user = { ...member, mustSetUpTwoFactor: true };
    const outcomes: Record<string, string> = {};
    for (const { id, file, fn } of await everyAction()) {
      if (!PUBLIC.has(id)) outcomes[id] = describeRefusal(await call(fn, file));
    }
    const expected = Object.fromEntries(
      Object.keys(outcomes).map((id) => [
        id,
        DURING_TWO_FACTOR_SETUP.includes(id)
          ? expect.not.stringMatching(SET_UP_TWO_FACTOR_FIRST)
          : expect.stringMatching(SET_UP_TWO_FACTOR_FIRST),
      ]),
    );
    expect(outcomes).toEqual(expected);
    // Admitted, the set-up's actions do their work: a secret to scan, and a message for the missing password
    // (turning 2FA on asks for it, as adding a passkey does) and code.
    expect(outcomes[`${TWO_FACTOR}startTwoFactorSetupAction`]).toMatch(/^answered: \{"ok":true,"data":\{"secret":/);
    expect(outcomes[`${TWO_FACTOR}turnOnTwoFactorAction`]).toBe("refused: Enter your password.");
  });

  it("lets a visitor reach the public forms, which answer empty input with a message", async () => {
    const outcomes: Record<string, string> = {};
    for (const { id, file, fn } of await everyAction()) {
      if (PUBLIC.has(id)) outcomes[id] = describeRefusal(await call(fn, file));
    }
    expect(Object.keys(outcomes).sort()).toEqual([...PUBLIC].sort());
    expect(outcomes["app/(auth)/actions.ts#confirmEmailAction"]).toBe(
      "refused: This link is not valid. Ask for a new one.",
    );
    expect(outcomes["app/(auth)/actions.ts#setNewPasswordAction"]).toBe(
      "refused: This link is not valid. Ask for a new one.",
    );
    expect(outcomes["app/(auth)/actions.ts#loginAction"]).toMatch(/^refused: /);
    expect(outcomes["app/(auth)/actions.ts#forgotPasswordAction"]).toMatch(/^refused: /);
    expect(outcomes["app/(auth)/actions.ts#resendSignupLinkAction"]).toMatch(/^refused: /);
    expect(outcomes["app/(auth)/actions.ts#signInWithPasskeyAction"]).toBe(
      "refused: The browser's answer could not be read.",
    );
    // An unknown or missing provider is refused before Auth.js is reached (its mock would throw otherwise).
    expect(outcomes["app/(auth)/actions.ts#signInWithProviderAction"]).toMatch(/^thrown: validation/);
    // Anyone may ask for a passkey challenge: it is how a sign-in with a passkey starts.
    expect(outcomes["app/(auth)/actions.ts#passkeySignInOptionsAction"]).toMatch(/^answered: \{"ok":true/);
  });

  it("answers the login's code step without a code with a message, keeping the ticket, before reaching Auth.js", async () => {
    const login = (await everyAction()).find((a) => a.id === "app/(auth)/actions.ts#loginAction");
    const form = new FormData();
    form.set("ticket", "a-ticket");
    form.set("login", "ada");
    expect(await login?.fn(null, form)).toEqual({
      ok: false,
      error: "Enter the code from your authenticator app, or a recovery code.",
      fields: { code: "Enter the code from your authenticator app, or a recovery code." },
      values: { login: "ada", ticket: "a-ticket" },
    });
    const withoutTicket = new FormData();
    withoutTicket.set("ticket", "");
    withoutTicket.set("code", "123456");
    withoutTicket.set("login", "ada");
    expect(await login?.fn(null, withoutTicket)).toEqual({
      ok: false,
      error: "That took too long. Enter your password again.",
      values: { login: "ada" },
    });
  });
});
