import { expect, test } from "vitest";
import { DELETE, GET, PATCH, POST, PUT } from "@/app/api/v1/[[...path]]/route";

const handlers = { GET, POST, PUT, PATCH, DELETE };

test.each(["GET", "POST", "PUT", "PATCH", "DELETE"] as const)("%s on an unknown path: JSON 404", async (method) => {
  const response = await handlers[method](new Request("http://parley.test/api/v1/nope/deeper", { method }));
  expect(response.status).toBe(404);
  expect(response.headers.get("content-type")).toBe("application/json");
  expect(await response.json()).toEqual({
    error: {
      code: "not_found:endpoint",
      message:
        `There is no endpoint ${method} /api/v1/nope/deeper. The reference is at /docs/api, the OpenAPI document ` +
        "at /api/v1/openapi.json.",
    },
  });
});

test("GET /api/v1 points at the OpenAPI document and the reference", async () => {
  for (const url of ["http://parley.test/api/v1", "http://parley.test/api/v1/"]) {
    const response = await GET(new Request(url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      object: "api",
      version: "1",
      openapi: "/api/v1/openapi.json",
      docs: "/docs/api",
    });
  }
  expect((await POST(new Request("http://parley.test/api/v1", { method: "POST" }))).status).toBe(404);
});
