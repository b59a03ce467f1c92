import { expect, test } from "@playwright/test";
import { AuthPage, newAccount } from "./pages/auth-page";

// The pages this round changed, as people see them: the check-your-email page of a sign-up under the
// allowed-domains rule, and the two-factor set-up that now asks for the password. Screenshots go to
// screenshots/ (desktop and phone, light and dark) for a person to look at.

const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

test("the check-your-email page explains the wait and offers the link again", async ({ page }) => {
  await page.goto("/signup/check-email");
  await expect(page.getByRole("heading", { name: "Check your email", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Send the link again" })).toBeVisible();
  for (const size of SIZES) {
    for (const scheme of ["light", "dark"] as const) {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `screenshots/check-email-${size.name}-${scheme}.png`, fullPage: true });
    }
  }
  // Any address gets the same answer: the page reveals nothing about which accounts exist.
  await page.getByLabel("Email").fill("nobody@example.test");
  await page.getByRole("button", { name: "Send the link again" }).click();
  await expect(page.getByRole("status")).toContainText("If an account with that address is waiting");
});

test("the two-factor set-up asks for the code and the password", async ({ page }) => {
  const account = newAccount("tflook");
  await new AuthPage(page).signUp(account);
  await page.goto("/settings/two-factor");
  await page.getByRole("main").getByRole("button", { name: "Set up" }).click();
  await expect(page.getByRole("main").getByLabel("Password", { exact: true })).toBeVisible();
  for (const size of SIZES) {
    for (const scheme of ["light", "dark"] as const) {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `screenshots/two-factor-setup-${size.name}-${scheme}.png`, fullPage: true });
    }
  }
  // A wrong password turns nothing on.
  await page.getByRole("main").getByLabel("Code", { exact: true }).fill("123456");
  await page.getByRole("main").getByLabel("Password", { exact: true }).fill("not the password");
  await page.getByRole("main").getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByRole("main").getByText("That password is not correct.")).toBeVisible();
});
