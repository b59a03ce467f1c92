import { randomUUID } from "node:crypto";
import { expect, it, vi } from "vitest";

// Reviewer: a stolen, old session of a password-less account turns into "a recent sign-in" by connecting the
// thief's own account of a second provider (Connect asks for nothing but the cookie), then signing in with it.

const signedIn = vi.hoisted(() => ({ user: null as null | Record<string, unknown> }));
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("@/lib/auth/current-user", () => {
  const current = async () => {
    if (!signedIn.user) throw new Error("no user in this test");
    return signedIn.user;
  };
  return { getCurrentUser: current, requireUser: current, requireSuperuser: current };
});
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "10.67.0.9" }),
  cookies: async () => ({
    set: (name: string, value: string) => jar.set(name, value),
    get: (name: string) => (jar.has(name) ? { value: jar.get(name) } : undefined),
    delete: (name: string) => jar.delete(name),
  }),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("@/lib/auth/config", () => ({ signOut: vi.fn(), signIn: vi.fn(), auth: vi.fn() }));

process.env.AUTH_SECRET = "test-secret-for-review-connect-0123456789";
process.env.AUTH_GITHUB_ID = "gh-id";
process.env.AUTH_GITHUB_SECRET = "gh-secret";

const { connectProviderAction: connectProvider } = await import("./connected-accounts/actions");
const { setPasswordAction: setPassword } = await import("./password/actions");
const { db } = await import("@/lib/db/client");
const { createSession } = await import("@/lib/db/sessions");
const { createUser } = await import("@/lib/db/users");
const { NO_PASSWORD } = await import("@/lib/db/external-accounts");
const { signInWithSso } = await import("@/lib/auth/sso");
const { readConnectIntent, CONNECT_COOKIE } = await import("@/lib/auth/sso-callback");

it("an old stolen session cannot connect the thief's provider account and use it as a recent sign-in", async () => {
  const name = `victim-${randomUUID().slice(0, 8)}`;
  const victim = await createUser({ email: `${name}@corp.example`, username: name, passwordHash: NO_PASSWORD });
  const old = await createSession({ userId: victim.id, tokenHash: randomUUID(), signInMethod: "Company SSO" });
  await db.session.update({ where: { id: old.id }, data: { createdAt: new Date(Date.now() - 3 * 3600_000) } });
  const base = {
    id: victim.id,
    email: victim.email,
    username: victim.username,
    isSuperuser: false,
    isEmailVerified: true,
    mustSetUpTwoFactor: false,
  };
  signedIn.user = { ...base, sessionId: old.id };

  // 1. The thief's "Connect GitHub" with the stolen cookie: nothing but the session is asked for.
  const fd = new FormData();
  fd.set("provider", "github");
  await connectProvider(fd).catch(() => {});
  const intent = readConnectIntent(jar.get(CONNECT_COOKIE));
  const provider = { id: "github" as const, name: "GitHub" };
  const identity = {
    subject: `thief-${randomUUID()}`,
    email: "thief@evil.example",
    emailVerified: true,
    preferredUsername: null,
    fullName: null,
    groups: [],
  };
  const headers = new Headers();
  // 2. The provider's callback (the thief logged in to their own GitHub) connects it to the victim's account.
  const connected = await signInWithSso({ provider, identity, ip: "10.67.0.9", headers, connectToUserId: intent?.uid });
  // 3. "Sign in again with GitHub": a brand-new session of the victim's account.
  const again = await signInWithSso({ provider, identity, ip: "10.67.0.9", headers });
  const fresh =
    again.kind === "signed_in"
      ? await db.session.findFirst({ where: { userId: victim.id }, orderBy: { createdAt: "desc" } })
      : null;
  signedIn.user = { ...base, sessionId: fresh?.id };
  const answer = await setPassword(
    null,
    (() => {
      const f = new FormData();
      f.set("newPassword", "thief pass phrase 99");
      return f;
    })(),
  );
  console.log(
    "connect intent:",
    Boolean(intent),
    "connect outcome:",
    connected.kind,
    "sign-in:",
    again.kind,
    "setPassword:",
    JSON.stringify(answer),
  );
  expect(connected.kind).not.toBe("connected");
  expect((await db.user.findUniqueOrThrow({ where: { id: victim.id } })).passwordHash).toBe(NO_PASSWORD);
});

it("a sign-in through a provider account connected after the session began is not a recent sign-in", async () => {
  const name = `late-${randomUUID().slice(0, 8)}`;
  const victim = await createUser({ email: `${name}@corp.example`, username: name, passwordHash: NO_PASSWORD });
  const provider = { id: "github" as const, name: "GitHub" };
  const identity = {
    subject: `late-${randomUUID()}`,
    email: null,
    emailVerified: false,
    preferredUsername: null,
    fullName: null,
    groups: [],
  };
  // Signed in through GitHub, but the GitHub account row is dated after the session (connected later).
  const again = await signInWithSso({
    provider,
    identity: { ...identity, subject: `x-${identity.subject}` },
    ip: "10.67.0.9",
    headers: new Headers(),
    connectToUserId: victim.id,
  });
  expect(again.kind).toBe("connected");
  await db.externalAccount.updateMany({
    where: { userId: victim.id },
    data: { createdAt: new Date(Date.now() + 60_000) },
  });
  const signIn = await signInWithSso({
    provider,
    identity: { ...identity, subject: `x-${identity.subject}` },
    ip: "10.67.0.9",
    headers: new Headers(),
  });
  expect(signIn.kind).toBe("signed_in");
  const fresh = await db.session.findFirstOrThrow({ where: { userId: victim.id }, orderBy: { createdAt: "desc" } });
  signedIn.user = {
    id: victim.id,
    email: victim.email,
    username: victim.username,
    isSuperuser: false,
    isEmailVerified: true,
    mustSetUpTwoFactor: false,
    sessionId: fresh.id,
  };
  const f = new FormData();
  f.set("newPassword", "late pass phrase 99");
  const answer = await setPassword(null, f);
  expect(answer.ok).toBe(false);
  expect((await db.user.findUniqueOrThrow({ where: { id: victim.id } })).passwordHash).toBe(NO_PASSWORD);
});
