import { createHash } from "node:crypto";
import path from "node:path";
import { decode } from "@auth/core/jwt";
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { AuthPage, newAccount } from "./pages/auth-page";

// Same values as playwright.config.ts's webServer env.
const AUTH_SECRET = "e2e-secret-not-for-production-0123456789";
const DB_FILE = path.resolve(import.meta.dirname, "..", "data", "e2e", "parley.db");

test("the session cookie holds a secret whose hash, not the secret, is stored", async ({ page }) => {
  await new AuthPage(page).signUp(newAccount("cookie"));
  const cookie = (await page.context().cookies()).find((c) => c.name === "authjs.session-token");
  expect(cookie).toBeDefined();
  const token = await decode({ token: cookie?.value, secret: AUTH_SECRET, salt: "authjs.session-token" });
  const secret = String(token?.sessionToken);
  expect(secret.length).toBeGreaterThanOrEqual(40);

  const db = new Database(DB_FILE, { readonly: true, fileMustExist: true });
  try {
    const byHash = db
      .prepare("SELECT isActive FROM Session WHERE tokenHash = ?")
      .get(createHash("sha256").update(secret).digest("hex")) as { isActive: number } | undefined;
    expect(byHash?.isActive).toBe(1);
    const leaked = db.prepare("SELECT COUNT(*) AS n FROM Session WHERE tokenHash LIKE ?").get(`%${secret}%`) as {
      n: number;
    };
    expect(leaked.n).toBe(0);
  } finally {
    db.close();
  }
});
