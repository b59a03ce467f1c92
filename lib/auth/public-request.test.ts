import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnv } from "../env";
import { onPublicOrigin } from "./public-request";

afterEach(() => {
  delete process.env.APP_URL;
  resetEnv();
});

describe("onPublicOrigin", () => {
  it("names the request by APP_URL, keeping path, query, method, headers and body", async () => {
    process.env.APP_URL = "https://chat.example.com";
    const request = new NextRequest("http://localhost:3000/api/auth/callback/oidc?code=abc&state=s", {
      method: "POST",
      headers: { cookie: "a=b", "content-type": "application/x-www-form-urlencoded" },
      body: "code=abc",
    });
    const moved = onPublicOrigin(request);
    expect(moved.url).toBe("https://chat.example.com/api/auth/callback/oidc?code=abc&state=s");
    expect(moved.method).toBe("POST");
    expect(moved.headers.get("cookie")).toBe("a=b");
    expect(await moved.text()).toBe("code=abc");
  });

  it("changes nothing without APP_URL, or when the request is already on it", () => {
    const request = new NextRequest("http://localhost:3000/api/auth/session");
    expect(onPublicOrigin(request)).toBe(request);
    process.env.APP_URL = "http://localhost:3000";
    expect(onPublicOrigin(request)).toBe(request);
  });
});
