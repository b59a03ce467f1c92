import { expect, test } from "@playwright/test";
import { AuthPage, newAccount } from "./pages/auth-page";

// Without a trusted proxy, a client cannot choose the IP that rate limits and the sessions page see.
test.use({ extraHTTPHeaders: { "x-forwarded-for": "6.6.6.6" } });

test("a forged X-Forwarded-For header does not change the recorded client IP", async ({ page }) => {
  await new AuthPage(page).signUp(newAccount("ip"));
  await page.goto("/settings/sessions");
  const main = page.getByRole("main");
  await expect(main).toContainText("IP 127.0.0.1");
  await expect(main).not.toContainText("6.6.6.6");
});
