import { describe, expect, it } from "vitest";
import { registerUser } from "../auth/signup";
import { db } from "./client";

// This file's database starts empty, so the sign-ups below race to be the very first account.
describe("the first account", () => {
  it("ten simultaneous first sign-ups make exactly one superuser", async () => {
    expect(await db.user.count()).toBe(0);
    const users = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        registerUser({
          email: `first-${i}@example.test`,
          username: `first${i}`,
          password: "a long enough passphrase",
          ip: `203.0.113.${i}`,
        }),
      ),
    );
    expect(users.filter((u) => u.isSuperuser)).toHaveLength(1);
    expect(await db.user.count({ where: { isSuperuser: true } })).toBe(1);
  });
});
