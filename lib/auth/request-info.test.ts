import { afterEach, describe, expect, it } from "vitest";
import { appOrigin, clientIp } from "./request-info";

const xff = (value: string) => new Headers({ "x-forwarded-for": value });

describe("clientIp", () => {
  afterEach(() => {
    delete process.env.TRUST_PROXY;
    delete process.env.APP_URL;
  });

  it("without a trusted proxy uses the socket address the server wrote", () => {
    expect(clientIp(xff("::ffff:127.0.0.1"))).toBe("127.0.0.1");
    expect(clientIp(new Headers())).toBe("unknown");
  });

  // The last entry is always the socket address appended by scripts/server.mjs (here the proxy, 10.0.0.1).
  it("behind one trusted proxy takes the entry that proxy appended, never the client's own", () => {
    process.env.TRUST_PROXY = "true";
    expect(clientIp(xff("6.6.6.6, 203.0.113.9, 10.0.0.1"))).toBe("203.0.113.9");
    expect(clientIp(xff("203.0.113.9, 10.0.0.1"))).toBe("203.0.113.9");
  });

  it("behind two trusted proxies skips the inner one", () => {
    process.env.TRUST_PROXY = "2";
    expect(clientIp(xff("6.6.6.6, 203.0.113.9, 10.0.0.2, 10.0.0.1"))).toBe("203.0.113.9");
  });

  it("refuses a nonsense TRUST_PROXY rather than guess (npm start reports it first)", () => {
    process.env.TRUST_PROXY = "lots";
    expect(() => clientIp(xff("10.0.0.1"))).toThrow(/TRUST_PROXY/);
  });

  it("builds email links from APP_URL when set, else from the request", () => {
    expect(appOrigin(new Headers({ host: "chat.example:3000" }))).toBe("http://chat.example:3000");
    process.env.APP_URL = "https://parley.example/some/path";
    expect(appOrigin(new Headers({ host: "evil.example" }))).toBe("https://parley.example");
  });
});
