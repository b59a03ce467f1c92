import { afterEach, describe, expect, it } from "vitest";
import { appOrigin, clientIp, ipRateLimitSubject } from "./request-info";

const xff = (value: string) => new Headers({ "x-forwarded-for": value });

describe("clientIp", () => {
  afterEach(() => {
    delete process.env.TRUST_PROXY;
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

  it("with a list of proxies, trusts X-Forwarded-For only from those peers", () => {
    process.env.TRUST_PROXY = "10.0.0.0/8, 192.168.1.5, fd00::/8";
    // Through the proxies: the first address that is not one of them is the client.
    expect(clientIp(xff("6.6.6.6, 203.0.113.9, 10.1.2.3"))).toBe("203.0.113.9");
    expect(clientIp(xff("6.6.6.6, 203.0.113.9, 10.0.0.7, 192.168.1.5"))).toBe("203.0.113.9");
    expect(clientIp(xff("2001:db8::9, fd00::1"))).toBe("2001:db8::9");
    // Straight from the internet: whatever the client wrote is ignored.
    expect(clientIp(xff("10.0.0.9, 198.51.100.4"))).toBe("198.51.100.4");
    expect(clientIp(xff("6.6.6.6, 192.168.1.6"))).toBe("192.168.1.6");
    expect(clientIp(xff("fd00::2, 2001:db8::66"))).toBe("2001:db8::66");
  });
});

describe("ipRateLimitSubject", () => {
  it("limits IPv6 clients per /64 and IPv4 clients per address", () => {
    const subject = ipRateLimitSubject("2001:db8:1:2::1");
    expect(subject).toBe("2001:db8:1:2::/64");
    for (const same of ["2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:DB8:1:2:0:0:0:7", "2001:0db8:0001:0002::abcd"]) {
      expect(ipRateLimitSubject(same)).toBe(subject);
    }
    expect(ipRateLimitSubject("2001:db8:1:3::1")).not.toBe(subject);
    expect(ipRateLimitSubject("::1")).toBe("0:0:0:0::/64");
    expect(ipRateLimitSubject("64:ff9b::192.0.2.1")).toBe("64:ff9b:0:0::/64");
    expect(ipRateLimitSubject("203.0.113.9")).toBe("203.0.113.9");
    expect(ipRateLimitSubject("unknown")).toBe("unknown");
  });
});

describe("appOrigin", () => {
  afterEach(() => {
    delete process.env.APP_URL;
    delete process.env.PORT;
  });

  it("builds email links from APP_URL, else from localhost and the port, never from the request", () => {
    process.env.PORT = "4321";
    expect(appOrigin()).toBe("http://localhost:4321");
    process.env.APP_URL = "https://parley.example/some/path";
    expect(appOrigin()).toBe("https://parley.example");
  });
});
