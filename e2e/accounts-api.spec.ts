import { expect, test } from "@playwright/test";
import { AuthPage, newAccount } from "./pages/auth-page";

test("token and refresh endpoints: rotation, and reuse revokes the family", async ({ page, request }) => {
  const account = newAccount("tokens");
  await new AuthPage(page).signUp(account);

  const wrong = await request.post("/api/v1/auth/token", { data: { login: account.username, password: "nope nope" } });
  expect(wrong.status()).toBe(401);

  const issued = await request.post("/api/v1/auth/token", {
    data: { login: account.username, password: account.password },
  });
  expect(issued.status()).toBe(200);
  const first = await issued.json();
  expect(first).toMatchObject({ tokenType: "Bearer", expiresIn: 900 });
  expect(first.accessToken).toMatch(/^at_/);
  expect(first.refreshToken).toMatch(/^rt_/);

  const whoami = (token: string) =>
    request.get("/api/v1/auth/whoami", { headers: { authorization: `Bearer ${token}` } });
  expect((await whoami(first.accessToken)).status()).toBe(200);

  const rotated = await request.post("/api/v1/auth/refresh", { data: { refreshToken: first.refreshToken } });
  expect(rotated.status()).toBe(200);
  const second = await rotated.json();
  expect(second.refreshToken).not.toBe(first.refreshToken);
  expect((await whoami(second.accessToken)).status()).toBe(200);

  // Replaying the used refresh token: refused, and every token of the family dies with it.
  const replay = await request.post("/api/v1/auth/refresh", { data: { refreshToken: first.refreshToken } });
  expect(replay.status()).toBe(401);
  expect((await request.post("/api/v1/auth/refresh", { data: { refreshToken: second.refreshToken } })).status()).toBe(
    401,
  );
  expect((await whoami(second.accessToken)).status()).toBe(401);
});

test("the token endpoint refuses malformed and oversized bodies with the JSON error shape", async ({ request }) => {
  const malformed = await request.post("/api/v1/auth/token", {
    headers: { "content-type": "application/json" },
    data: Buffer.from("{not json"),
  });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.code).toBe("bad_request:json");
  const invalid = await request.post("/api/v1/auth/token", { data: { login: "" } });
  expect(invalid.status()).toBe(422);
  const huge = await request.post("/api/v1/auth/token", { data: { login: "x".repeat(10_000), password: "y" } });
  expect(huge.status()).toBe(413);
  const anonymous = await request.get("/api/v1/auth/whoami");
  expect(anonymous.status()).toBe(401);
});

test("a cross-site form post cannot use a server action", async ({ page, request }) => {
  await new AuthPage(page).signUp(newAccount("csrf"));
  await page.goto("/settings");
  const cookies = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const actionId = await page.evaluate(() => {
    const input = document.querySelector('form input[name^="$ACTION_ID_"]');
    return input?.getAttribute("name")?.replace("$ACTION_ID_", "") ?? null;
  });
  const response = await request.post("/settings", {
    headers: { cookie: cookies, origin: "https://evil.example", "next-action": actionId ?? "x" },
    multipart: { fullName: "pwned", username: "pwned", email: "pwned@example.test", bio: "" },
  });
  expect(response.status()).not.toBe(200);
  await page.reload();
  await expect(page.getByLabel("Full name")).not.toHaveValue("pwned");
});

test("the token endpoint locks an account after 10 failures with 429 and Retry-After", async ({ page, request }) => {
  const account = newAccount("lockapi");
  await new AuthPage(page).signUp(account);
  for (let i = 0; i < 10; i++) {
    const r = await request.post("/api/v1/auth/token", { data: { login: account.email, password: `wrong ${i}` } });
    expect(r.status()).toBe(401);
  }
  const locked = await request.post("/api/v1/auth/token", {
    data: { login: account.email, password: account.password },
  });
  expect(locked.status()).toBe(429);
  expect(Number(locked.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await locked.json()).error.message).toMatch(/^Too many attempts, try again in \d+ minutes?\.$/);
});
