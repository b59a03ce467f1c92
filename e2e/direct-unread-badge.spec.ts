import { expect, test } from "@playwright/test";
import { AuthPage, newAccount } from "./pages/auth-page";
import { DirectMessagesPage } from "./pages/direct-messages-page";

test("the account menu's unread count for direct messages follows new and read messages without a reload", async ({
  browser,
}) => {
  test.slow();
  const [ann, bob] = await Promise.all(
    ["ann", "bob"].map(async (prefix) => {
      const account = newAccount(prefix);
      const context = await browser.newContext();
      const page = await context.newPage();
      await new AuthPage(page).signUp(account);
      return { account, page };
    }),
  );
  const annMenu = ann!.page.getByRole("banner").getByRole("button", { name: /^Account menu/ });
  await ann!.page.goto("/");
  await expect(annMenu).toHaveAccessibleName(`Account menu for ${ann!.account.username}`);

  await new DirectMessagesPage(bob!.page).send(ann!.account.username, "Are you free tomorrow?");
  await expect(annMenu).toHaveAccessibleName(/, 1 unread direct message$/);
  await annMenu.click();
  await expect(ann!.page.getByRole("menuitem", { name: /Direct messages\s*1 unread/ })).toBeVisible();

  // Reading the thread (a client-side navigation: the header stays) clears it.
  await ann!.page.getByRole("menuitem", { name: /Direct messages/ }).click();
  await ann!.page.getByRole("link", { name: new RegExp(bob!.account.username) }).click();
  await expect(ann!.page.getByText("Are you free tomorrow?")).toBeVisible();
  await expect(annMenu).toHaveAccessibleName(`Account menu for ${ann!.account.username}`);
});
