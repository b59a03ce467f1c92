import { expect, test } from "@playwright/test";
import { AdminPage, createSuperuser } from "./pages/admin-page";
import { AuthPage, newAccount } from "./pages/auth-page";

test("each person sees their own security events in settings", async ({ page }) => {
  const auth = new AuthPage(page);
  const account = newAccount("seclog");
  await auth.signUp(account);
  await auth.logOut();
  await auth.logIn(account.username, "not my password");
  await expect(auth.alert()).toHaveText("Wrong email, username or password.");
  await auth.logIn(account.username, account.password);
  await expect(page).toHaveURL(/\/$/);

  await page.goto("/settings/activity");
  const log = page.getByRole("table", { name: "Security events" });
  const rows = log.getByRole("row");
  await expect(rows.nth(1)).toContainText("Logged in");
  await expect(rows.nth(2)).toContainText("Failed login");
});

test("deleting a user asks for the username, says what happened, and leaves a trace in the audit log", async ({
  page,
  browser,
}) => {
  const admin = createSuperuser();
  const victimContext = await browser.newContext();
  const victim = newAccount("doomed");
  await new AuthPage(await victimContext.newPage()).signUp(victim);
  await victimContext.close();

  await new AuthPage(page).logIn(admin.email, admin.password);
  await expect(page).toHaveURL(/\/$/);
  const adminPage = new AdminPage(page);
  await adminPage.search(victim.username);
  const row = adminPage.userRow(victim.username);
  await adminPage.deleteUser(victim.username, "someone-else");
  await expect(row.getByText(`Type ${victim.username} to confirm.`)).toBeVisible();
  await row.getByLabel(`Type ${victim.username} to delete this account`).fill(victim.username);
  await row.getByRole("button", { name: `Delete ${victim.username}` }).click();
  await expect(row.getByRole("status")).toContainText(`Deleted ${victim.username} (${victim.email})`);
  await expect(row.getByRole("status")).toContainText("Direct messages they exchanged stay");

  await page.goto("/admin");
  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByLabel("Event").selectOption({ label: "User deleted" });
  await page.getByLabel("User").fill(admin.username);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=admin\.user_deleted/);
  const events = page.getByRole("table", { name: "Audit events" }).getByRole("row");
  await expect(events).toHaveCount(2);
  await expect(events.nth(1)).toContainText(admin.username);
  await expect(events.nth(1)).toContainText("deleted user");
  await expect(events.nth(1)).toContainText(`username: ${victim.username}`);
  // The record says who was deleted, but keeps no contact detail of a person who asked to be forgotten.
  await expect(events.nth(1)).not.toContainText(victim.email);
});

test("the audit log is for superusers only", async ({ page }) => {
  createSuperuser();
  await new AuthPage(page).signUp(newAccount("curious"));
  const response = await page.goto("/admin/audit");
  expect(response?.status()).toBe(404);
});
