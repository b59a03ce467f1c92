import { expect, type Page } from "@playwright/test";
import { latestLink } from "./outbox";

export interface Account {
  email: string;
  username: string;
  password: string;
}

export function newAccount(prefix = "user"): Account {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return { email: `${prefix}-${id}@example.test`, username: `${prefix}_${id}`, password: `correct horse ${id}` };
}

export class AuthPage {
  constructor(readonly page: Page) {}

  async signUp(account: Account) {
    await this.page.goto("/signup");
    await this.page.getByLabel("Email").fill(account.email);
    await this.page.getByLabel("Username").fill(account.username);
    await this.page.getByLabel("Password").fill(account.password);
    await this.page.getByRole("button", { name: "Sign up" }).click();
    // Sign-up hashes and then verifies a password (argon2, 19 MiB each): slow on a busy machine.
    await expect(this.page).not.toHaveURL(/\/signup/, { timeout: 30_000 });
  }

  /** Opens the verification link mailed to the account (signed in as it). */
  async verifyEmail(account: Account) {
    await this.page.goto(await latestLink(account.email, "/verify-email"));
    await this.page.getByRole("button", { name: "Verify email" }).click();
    await expect(this.page.getByRole("main").getByRole("status")).toHaveText("Your email is verified.");
  }

  async logIn(login: string, password: string) {
    await this.page.goto("/login");
    await this.page.getByLabel("Email or username").fill(login);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Log in" }).click();
  }

  /** Opens the header's account menu (Settings, Direct messages, Admin, Log out). */
  async openAccountMenu() {
    await this.page
      .getByRole("banner")
      .getByRole("button", { name: /^Account menu/ })
      .click();
  }

  async logOut() {
    await this.openAccountMenu();
    await this.page.getByRole("banner").getByRole("menuitem", { name: "Log out" }).click();
    await expect(this.page).toHaveURL(/\/login/);
  }

  alert() {
    return this.page.getByRole("main").getByRole("alert");
  }
}
