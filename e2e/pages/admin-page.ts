import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Page } from "@playwright/test";
import { type Account, newAccount } from "./auth-page";

const root = path.resolve(import.meta.dirname, "..", "..");

/** A superuser made with `npm run admin:create` against the e2e database (the first sign-up is unknowable). */
export function createSuperuser(): Account {
  const account = newAccount("admin");
  execFileSync(
    process.execPath,
    [
      path.join(root, "node_modules", "tsx", "dist", "cli.mjs"),
      "--conditions=react-server",
      "scripts/admin-create.ts",
      "--email",
      account.email,
      "--username",
      account.username,
      "--password",
      account.password,
    ],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: "file:./data/e2e/parley.db", PARLEY_LOG_LEVEL: "silent" },
      stdio: "pipe",
    },
  );
  return account;
}

export class AdminPage {
  constructor(readonly page: Page) {}

  async search(query: string) {
    await this.page.goto("/admin");
    await this.page.getByRole("searchbox", { name: "Search users" }).fill(query);
    await this.page.getByRole("button", { name: "Search" }).click();
    await this.page.waitForURL(/\/admin\?q=/);
  }

  /** Delete, type the username, confirm; the row then says what was deleted. */
  async deleteUser(username: string, typed = username) {
    const row = this.userRow(username);
    await row.getByRole("button", { name: "Delete", exact: true }).click();
    await row.getByLabel(`Type ${username} to delete this account`).fill(typed);
    await row.getByRole("button", { name: `Delete ${username}` }).click();
  }

  userRow(username: string) {
    return this.page.getByRole("row", { name: username });
  }
}
