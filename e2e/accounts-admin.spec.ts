import { expect, test } from "@playwright/test";
import { AdminPage, createSuperuser } from "./pages/admin-page";
import { AuthPage, newAccount } from "./pages/auth-page";

test("an admin deactivates a user: their open browser is logged out and their key stops working", async ({
  page,
  browser,
  request,
}) => {
  test.slow();
  const admin = createSuperuser();
  const user = newAccount("member");
  const userContext = await browser.newContext();
  const userPage = await userContext.newPage();
  await new AuthPage(userPage).signUp(user);
  const key = await request.post("/api/v1/auth/token", { data: { login: user.email, password: user.password } });
  const { access_token: accessToken } = await key.json();

  const adminAuth = new AuthPage(page);
  await adminAuth.logIn(admin.username, admin.password);
  await adminAuth.openAccountMenu();
  await expect(page.getByRole("banner").getByRole("menuitem", { name: "Admin" })).toBeVisible();
  const adminPage = new AdminPage(page);
  await adminPage.search(user.username);
  const row = adminPage.userRow(user.username);
  await expect(row).toContainText("Active");
  await row.getByRole("button", { name: "Deactivate" }).click();
  await expect(row).toContainText("Deactivated");

  await userPage.goto("/settings");
  await expect(userPage).toHaveURL(/\/login/);
  await new AuthPage(userPage).logIn(user.email, user.password);
  await expect(new AuthPage(userPage).alert()).toHaveText("Wrong email, username or password.");
  const refused = await request.get("/api/v1/auth/whoami", { headers: { authorization: `Bearer ${accessToken}` } });
  expect(refused.status()).toBe(401);

  await row.getByRole("button", { name: "Activate" }).click();
  await expect(row).toContainText("Active");
  await new AuthPage(userPage).logIn(user.email, user.password);
  await expect(userPage).toHaveURL(/\/$/);
  await userContext.close();
});

test("an admin manages roles and deletes a user; the admin cannot deactivate themself", async ({ page, browser }) => {
  test.slow();
  const admin = createSuperuser();
  const user = newAccount("roles");
  const userContext = await browser.newContext();
  await new AuthPage(await userContext.newPage()).signUp(user);

  await new AuthPage(page).logIn(admin.email, admin.password);
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/admin");
  const roleName = `mod-${Date.now().toString(36)}`;
  await page.getByLabel("Role name").fill(roleName);
  await page.getByLabel("Description").fill("Moderates shared rooms");
  await page.getByRole("button", { name: "Create role" }).click();
  await expect(page.getByRole("table", { name: "Roles" })).toContainText("Moderates shared rooms");

  const adminPage = new AdminPage(page);
  await adminPage.search(user.username);
  const row = adminPage.userRow(user.username);
  await row.getByRole("combobox", { name: `Role to grant ${user.username}` }).selectOption({ label: roleName });
  await row.getByRole("button", { name: "Grant role" }).click();
  await expect(row.getByRole("listitem")).toContainText([roleName]);
  await row.getByRole("button", { name: `Remove role ${roleName} from ${user.username}` }).click();
  await expect(row.getByRole("listitem")).toHaveCount(0);

  await adminPage.search(admin.username);
  const self = adminPage.userRow(admin.username);
  await expect(self.getByRole("button", { name: "Deactivate" })).toHaveCount(0);

  await adminPage.search(user.username);
  await adminPage.deleteUser(user.username);
  await expect(page.getByRole("row", { name: user.username })).toContainText(`Deleted ${user.username}`);
  await adminPage.search(user.username);
  await expect(page.getByRole("row", { name: user.username })).toHaveCount(0);
  await userContext.close();
});

test("a regular user gets no admin page", async ({ page }) => {
  // The first account of a fresh database becomes the superuser: make sure this one is not the first.
  createSuperuser();
  const auth = new AuthPage(page);
  await auth.signUp(newAccount("plain"));
  await auth.openAccountMenu();
  await expect(page.getByRole("banner").getByRole("menuitem", { name: "Settings" })).toBeVisible();
  await expect(page.getByRole("banner").getByRole("menuitem", { name: "Admin" })).toHaveCount(0);
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(404);
});
