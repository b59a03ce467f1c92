import { expect, test } from "@playwright/test";
import { AuthPage, newAccount } from "./pages/auth-page";

const WHITE = "rgb(255, 255, 255)";
// zinc-950; Tailwind 4 defines colours in oklch, which Chromium reports in lab().
const NEAR_BLACK = /^(?:rgb\(9, 9, 11\)|lab\(2\.5\d*)/;

test("the theme chosen in the account menu is kept after a reload and rendered by the server", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  const auth = new AuthPage(page);
  await auth.signUp(newAccount("theme"));
  const body = page.locator("body");
  await expect(body).toHaveCSS("background-color", WHITE);

  await auth.openAccountMenu();
  await page.getByRole("menuitemradio", { name: "Dark" }).click();
  await expect(page.getByRole("menuitemradio", { name: "Dark" })).toHaveAttribute("aria-checked", "true");
  await expect(body).toHaveCSS("background-color", NEAR_BLACK);

  await page.reload();
  await expect(body).toHaveCSS("background-color", NEAR_BLACK);
  // No flash: the first HTML the server sends already carries the theme.
  const html = await (await page.request.get("/settings")).text();
  expect(html).toMatch(/<html[^>]*class="dark"/);

  await auth.openAccountMenu();
  await page.getByRole("menuitemradio", { name: "System" }).click();
  await expect(body).toHaveCSS("background-color", WHITE);
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(body).toHaveCSS("background-color", NEAR_BLACK);
  await page.reload();
  await expect(body).toHaveCSS("background-color", NEAR_BLACK);
  await page.emulateMedia({ colorScheme: "light" });
  await expect(body).toHaveCSS("background-color", WHITE);

  await auth.openAccountMenu();
  await page.getByRole("menuitemradio", { name: "Light" }).click();
  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  await expect(body).toHaveCSS("background-color", WHITE);
  expect(await (await page.request.get("/login")).text()).toMatch(/<html[^>]*class="light"/);
});
