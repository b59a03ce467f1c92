import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
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

  /** Reset two-factor login, then confirm; the row then says what was removed. */
  async resetTwoFactor(username: string) {
    const row = this.userRow(username);
    await row.getByRole("button", { name: "Reset two-factor login", exact: true }).click();
    await row.getByRole("button", { name: `Reset two-factor login for ${username}` }).click();
  }

  userRow(username: string) {
    return this.page.getByRole("row", { name: username });
  }
}

/** Admin → Sign-up: who may sign up, invite links, approvals, accounts made by the admin. */
export class AdminSignupPage {
  constructor(readonly page: Page) {}

  main() {
    return this.page.getByRole("main");
  }

  async goto() {
    await this.page.goto("/admin/signup");
  }

  async setMode(label: "Open" | "Invite links only" | "Closed", { approval = false }: { approval?: boolean } = {}) {
    await this.goto();
    await this.main().getByRole("radio", { name: label }).check();
    await this.main()
      .getByRole("checkbox", { name: /New accounts need an admin's approval/ })
      .setChecked(approval);
    await this.main().getByRole("button", { name: "Save sign-up settings" }).click();
    await expect(this.main().getByRole("status").filter({ hasText: "Sign-up settings saved." })).toBeVisible();
  }

  /** Creates an invite link and returns it (shown once). */
  async createInvite({ uses = 1 }: { uses?: number } = {}): Promise<string> {
    await this.goto();
    await this.main().getByLabel("Uses", { exact: true }).fill(String(uses));
    await this.main().getByRole("button", { name: "Create invite link" }).click();
    const link = this.main().getByLabel("Invite link", { exact: true });
    await expect(link).toHaveValue(/\/signup\?invite=inv_/);
    return link.inputValue();
  }

  async approve(username: string) {
    await this.goto();
    await this.main()
      .getByRole("button", { name: `Approve ${username}` })
      .click();
    await expect(this.main().getByRole("button", { name: `Approve ${username}` })).toHaveCount(0);
  }

  async createAccount(account: Account) {
    await this.goto();
    const form = this.main().getByRole("region", { name: "Create an account" });
    await form.getByLabel("Email", { exact: true }).fill(account.email);
    await form.getByLabel("Username").fill(account.username);
    await form.getByLabel("Password").fill(account.password);
    await form.getByRole("button", { name: "Create account" }).click();
    await expect(form.getByRole("status")).toContainText(`Created ${account.username}`);
  }
}

/** Admin → a role's permissions. */
export class AdminRolePage {
  constructor(readonly page: Page) {}

  async open(role: string) {
    await this.page.goto("/admin");
    await this.page.getByRole("link", { name: `Edit permissions of ${role}` }).click();
    await expect(this.page.getByRole("heading", { name: `Role ${role}` })).toBeVisible();
  }

  /** Only these models (by label), or every model when `models` is "all". */
  async allowModels(models: string[] | "all") {
    const main = this.page.getByRole("main");
    const all = main.getByRole("checkbox", { name: "All models, including ones added later" });
    if (models === "all") await all.check();
    else {
      await all.uncheck();
      for (const box of await main.getByRole("group", { name: "Models members may use" }).getByRole("checkbox").all()) {
        const name = (await box.evaluate((el) => el.closest("label")?.textContent ?? "")) ?? "";
        if (name.startsWith("All models")) continue;
        if (models.some((m) => name.startsWith(m))) await box.check();
        else await box.uncheck();
      }
    }
    await main.getByRole("button", { name: "Save permissions" }).click();
    await expect(main.getByRole("status").filter({ hasText: "Permissions saved." })).toBeVisible();
  }
}
