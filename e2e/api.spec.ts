import { expect, test } from "@playwright/test";
import { AuthPage, newAccount } from "./pages/auth-page";

test("the API reference is public and rendered from the OpenAPI document", async ({ page, request }) => {
  test.slow(); // Every endpoint with its examples: a large page on a busy machine.
  const document = await (await request.get("/api/v1/openapi.json")).json();
  expect(document.openapi).toBe("3.1.0");
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { level: 1, name: "Parley REST API" })).toBeVisible();
  const endpoints = page
    .getByRole("navigation", { name: "Endpoints" })
    .getByRole("link", { name: /^(GET|POST|PATCH|PUT|DELETE) \// });
  const operationCount = Object.values(document.paths).flatMap((methods) => Object.keys(methods as object)).length;
  await expect(endpoints).toHaveCount(operationCount);
  await page
    .getByRole("navigation", { name: "Endpoints" })
    .getByRole("link", { name: "POST /conversations/{id}/messages", exact: true })
    .click();
  const section = page.getByRole("region", { name: "POST /api/v1/conversations/{id}/messages" });
  await expect(section.getByText("messages:write")).toBeVisible();
  await expect(section.getByRole("table", { name: "Body" })).toContainText("parent_id");
});

test("without credentials the API answers 401 in the one error shape", async ({ request }) => {
  const response = await request.get("/api/v1/conversations");
  expect(response.status()).toBe(401);
  expect((await response.json()).error.code).toBe("unauthorized");
});

test("a signed-in browser can use the API with its session, but not cross-site", async ({ page }) => {
  await new AuthPage(page).signUp(newAccount("api"));
  const me = await page.request.get("/api/v1/me");
  expect(me.status()).toBe(200);
  expect((await me.json()).auth.via).toBe("session");

  const forged = await page.request.post("/api/v1/conversations", {
    data: { title: "forged" },
    headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
  });
  expect(forged.status()).toBe(403);
  expect((await forged.json()).error.code).toBe("forbidden:cross_site");

  const created = await page.request.post("/api/v1/conversations", { data: { title: "Mine" } });
  expect(created.status()).toBe(201);
  const list = await (await page.request.get("/api/v1/conversations")).json();
  expect(list.data.map((c: { title: string }) => c.title)).toEqual(["Mine"]);
});
