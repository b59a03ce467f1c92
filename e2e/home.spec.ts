import { expect, test } from "@playwright/test";
import { AuthPage, newAccount } from "./pages/auth-page";

test("a visitor is redirected from the home page to the login page", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await expect(page.getByLabel("Email or username")).toBeVisible();
});

test("a new person signs up and lands on the chat", async ({ page }) => {
  const account = newAccount();
  await new AuthPage(page).signUp(account);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("navigation", { name: "Conversations" })).toBeAttached();
});
