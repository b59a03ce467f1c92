import { expect, test } from "@playwright/test";
import OpenAI from "openai";
import { AuthPage, newAccount } from "./pages/auth-page";
import { SettingsPage } from "./pages/settings-page";

// A key made in Settings with the models:use scope and "Keep requests as conversations", used by the official
// `openai` client over HTTP against the production server; the request then shows up in the person's history.

const SHOTS = "test-results/openai-gateway";

test("a models:use key drives the OpenAI-compatible endpoint, and kept requests show in the history", async ({
  page,
  baseURL,
}) => {
  // Eight screenshots and a streamed reply on a shared two-core machine.
  test.setTimeout(180_000);
  const account = newAccount("gateway");
  const auth = new AuthPage(page);
  await auth.signUp(account);
  await auth.verifyEmail(account);
  const settings = new SettingsPage(page);
  await page.goto("/settings/api-keys");
  const keep = page.getByRole("checkbox", { name: /Keep requests as conversations/ });
  await expect(keep).not.toBeChecked();
  for (const [name, size] of [
    ["desktop", { width: 1280, height: 800 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    for (const scheme of ["light", "dark"] as const) {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await keep.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/key-form-${name}-${scheme}.png` });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: "light" });
  await page.getByLabel("Name", { exact: true }).fill("Editor");
  await page.getByRole("checkbox", { name: /^models:use/ }).check();
  await keep.check();
  await page.getByLabel("Current password").fill(account.password);
  await page.getByRole("button", { name: "Create API key" }).click();
  const key = await settings.page.getByLabel("Your new API key").inputValue();
  expect(key).toMatch(/^pk_/);
  await page.reload();
  const row = page.getByRole("row", { name: /Editor/ });
  await expect(row).toContainText("models:use");
  await expect(row).toContainText("Keeps requests as conversations");
  await row.screenshot({ path: `${SHOTS}/key-row-desktop-light.png` });

  const client = new OpenAI({ apiKey: key, baseURL: `${baseURL}/api/v1`, maxRetries: 0 });
  const models = await client.models.list();
  expect(models.data.map((m) => m.id)).toContain("offline");
  const stream = await client.chat.completions.create({
    model: "offline",
    messages: [{ role: "user", content: "Gateway hello from an editor" }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = "";
  let usage: OpenAI.CompletionUsage | null | undefined;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? "";
    usage = chunk.usage ?? usage;
  }
  expect(text.length).toBeGreaterThan(0);
  expect(usage?.total_tokens).toBeGreaterThan(0);
  const wrong = await client.chat.completions
    .create({ model: "no-such-model", messages: [{ role: "user", content: "hi" }] })
    .catch((error: unknown) => error);
  expect(wrong).toBeInstanceOf(OpenAI.NotFoundError);

  await page.goto("/");
  await expect(page.getByRole("link", { name: /Gateway hello from an editor/ }).first()).toBeVisible();

  // The setting can be turned off later; the key keeps working, and its requests are no longer stored.
  await page.goto("/settings/api-keys");
  await page.getByRole("button", { name: "Stop keeping Editor's requests as conversations" }).click();
  await expect(page.getByRole("row", { name: /Editor/ })).not.toContainText("Keeps requests as conversations");
  await client.chat.completions.create({ model: "offline", messages: [{ role: "user", content: "Not kept" }] });
  await page.goto("/");
  await expect(page.getByRole("link", { name: /Gateway hello from an editor/ }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: /Not kept/ })).toHaveCount(0);
});
