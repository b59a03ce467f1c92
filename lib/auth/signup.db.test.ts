import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import { resetEnv } from "../env";
import { LIMITS } from "./limits";
import { verifyPassword } from "./password";
import { registerUser } from "./signup";

describe("sign-up", () => {
  it("hashes the password with argon2id and never stores it", async () => {
    const user = await registerUser({
      email: "A@Example.test",
      username: "alice",
      password: "pass phrase 1",
      ip: "1.1.1.1",
    });
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.email).toBe("a@example.test");
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.passwordHash).not.toContain("pass phrase 1");
    expect(await verifyPassword(row.passwordHash, "pass phrase 1")).toBe(true);
  });

  it("refuses a clash with a conflict that does not say which field clashed", async () => {
    await registerUser({ email: "clash@example.test", username: "clash", password: "pass phrase 1", ip: "1.1.1.2" });
    const conflict = { status: 409, message: "That email or username is already taken." };
    await expect(
      registerUser({ email: "CLASH@example.test", username: "someone", password: "pass phrase 1", ip: "1.1.1.2" }),
    ).rejects.toMatchObject(conflict);
    await expect(
      registerUser({ email: "other@example.test", username: "clash", password: "pass phrase 1", ip: "1.1.1.2" }),
    ).rejects.toMatchObject(conflict);
  });

  it(`allows ${LIMITS.signupsPerIp.limit} sign-ups per IP per hour, then 429 with a retry time`, async () => {
    const ip = "203.0.113.50";
    const { limit } = LIMITS.signupsPerIp;
    // Attempts that clash count too: the first creates the account, the others clash with it.
    for (let i = 0; i < limit; i++) {
      await registerUser({ email: "burst@example.test", username: "burst", password: "pass phrase 1", ip }).catch(
        () => {},
      );
    }
    const refused = registerUser({ email: "new@example.test", username: "newbie", password: "pass phrase 1", ip });
    await expect(refused).rejects.toMatchObject({ status: 429 });
    await expect(
      registerUser({ email: "new@example.test", username: "newbie", password: "pass phrase 1", ip: "203.0.113.51" }),
    ).resolves.toMatchObject({ username: "newbie" });
  }, 60_000);

  it("takes its per-IP limit from PARLEY_SIGNUPS_PER_IP_PER_HOUR", async () => {
    process.env.PARLEY_SIGNUPS_PER_IP_PER_HOUR = "2";
    resetEnv();
    try {
      const ip = "203.0.113.60";
      for (const name of ["limit_one", "limit_two"]) {
        await registerUser({ email: `${name}@example.test`, username: name, password: "pass phrase 1", ip });
      }
      await expect(
        registerUser({ email: "limit_three@example.test", username: "limit_three", password: "pass phrase 1", ip }),
      ).rejects.toMatchObject({ status: 429 });
    } finally {
      delete process.env.PARLEY_SIGNUPS_PER_IP_PER_HOUR;
      resetEnv();
    }
  });
});
