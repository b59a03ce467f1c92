import { expect, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";

/** What an authenticator app holding `secret` shows at `at` (ms since the epoch). */
export function totpCode(secret: string, at = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at });
}

/** Settings → Two-factor authentication, and the login's code step. */
export class TwoFactorPage {
  constructor(readonly page: Page) {}

  main() {
    return this.page.getByRole("main");
  }

  async open() {
    await this.page.goto("/settings/two-factor");
    await expect(this.main().getByRole("heading", { name: "Two-factor authentication", level: 1 })).toBeVisible();
  }

  /** Set up → reads the secret key → Code, Password + Turn on; returns the secret and the recovery codes shown once. */
  async turnOn(password: string): Promise<{ secret: string; usedCode: string; recoveryCodes: string[] }> {
    await this.main().getByRole("button", { name: "Set up" }).click();
    await expect(this.main().getByRole("img", { name: /QR code/ })).toBeVisible();
    const secret = await this.main().getByLabel("Secret key").inputValue();
    const usedCode = totpCode(secret);
    await this.main().getByLabel("Code", { exact: true }).fill(usedCode);
    await this.main().getByLabel("Password", { exact: true }).fill(password);
    await this.main().getByRole("button", { name: "Turn on" }).click();
    const codes = this.main().getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
    await expect(codes).toHaveCount(10);
    return { secret, usedCode, recoveryCodes: await codes.allInnerTexts() };
  }

  async enterAuthenticationCode(code: string) {
    await this.page.getByLabel("Authentication code").fill(code);
    await this.page.getByRole("button", { name: "Verify" }).click();
  }

  async turnOff(password: string, code: string) {
    await this.open();
    const form = this.main().getByRole("form", { name: "Turn off two-factor authentication" });
    await form.getByLabel("Password").fill(password);
    await form.getByLabel("Code").fill(code);
    await form.getByRole("button", { name: "Turn off" }).click();
  }

  passkeys() {
    return this.main().getByRole("list", { name: "Your passkeys" }).getByRole("listitem");
  }

  async addPasskey(name: string, password: string) {
    await this.open();
    await this.main().getByLabel("Passkey name").fill(name);
    await this.main().getByLabel("Current password").fill(password);
    await this.main().getByRole("button", { name: "Add a passkey" }).click();
    await expect(this.main().getByRole("status")).toHaveText(`Passkey “${name}” added.`);
  }
}
