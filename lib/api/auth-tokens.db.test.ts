import { describe, expect, test } from "vitest";
import { POST as refresh } from "@/app/api/v1/auth/refresh/route";
import { POST as token } from "@/app/api/v1/auth/token/route";
import { hashPassword } from "@/lib/auth/password";
import { createUser } from "@/lib/db/users";

// The token endpoints as a client written from the docs (or any OAuth 2 library) calls them.

const PASSWORD = "api password 1";
let ipCounter = 0;

const post = (handler: (request: Request) => Promise<Response>, body: unknown) =>
  handler(
    new Request("http://parley.test/api/v1/auth/token", {
      method: "POST",
      // A fresh client address per request keeps the per-IP token limit out of the way.
      headers: { "content-type": "application/json", "x-forwarded-for": `10.9.0.${++ipCounter}` },
      body: JSON.stringify(body),
    }),
  );

async function account(name: string) {
  const email = `${name}@example.test`;
  await createUser({ email, username: name, passwordHash: await hashPassword(PASSWORD) });
  return { email, username: name };
}

describe("POST /auth/token", () => {
  test.each(["email", "username", "login"] as const)("accepts %s with a password", async (field) => {
    const who = await account(`tok${field}`);
    const response = await post(token, { [field]: field === "email" ? who.email : who.username, password: PASSWORD });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(["access_token", "expires_in", "refresh_token", "token_type"]);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 900 });
    expect(body.access_token).toMatch(/^at_/);
    expect(body.refresh_token).toMatch(/^rt_/);
  });

  test("without any of email, username or login: 422 naming the field", async () => {
    const response = await post(token, { password: PASSWORD });
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error.fields).toEqual([{ field: "email", message: "Send email, username or login." }]);
  });

  test("a wrong password is still 401", async () => {
    const who = await account("tokwrong");
    const response = await post(token, { email: who.email, password: "not it at all" });
    expect(response.status).toBe(401);
  });
});

describe("POST /auth/refresh", () => {
  test("takes refresh_token and answers the OAuth 2 names; the old refreshToken name still works", async () => {
    const who = await account("tokrefresh");
    const first = await (await post(token, { email: who.email, password: PASSWORD })).json();
    const rotated = await post(refresh, { refresh_token: first.refresh_token });
    expect(rotated.status).toBe(200);
    const second = await rotated.json();
    expect(second).toMatchObject({ token_type: "Bearer", expires_in: 900 });
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const legacy = await post(refresh, { refreshToken: second.refresh_token });
    expect(legacy.status).toBe(200);
    expect((await legacy.json()).access_token).toMatch(/^at_/);
  });
});
