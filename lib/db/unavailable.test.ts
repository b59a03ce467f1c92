import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./unavailable";

/** The error a Node server's request emits when its client resets the connection halfway through the body. */
async function clientResetError(): Promise<Error> {
  let resolveError!: (error: Error) => void;
  const seen = new Promise<Error>((resolve) => {
    resolveError = resolve;
  });
  const server = http.createServer((req) => {
    req.on("error", resolveError);
    req.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const socket = net.connect(port, "127.0.0.1", () => {
    socket.write("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n");
    socket.write("a".repeat(1000), () => setTimeout(() => socket.resetAndDestroy(), 50));
  });
  socket.on("error", () => {});
  const error = await seen;
  server.close();
  return error;
}

/** The error a client socket gets when the server at the other end resets it (a database going away). */
async function serverResetError(): Promise<Error> {
  const server = net.createServer((socket) => socket.resetAndDestroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const error = await new Promise<Error>((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write("SELECT 1"));
    socket.on("error", resolve);
  });
  server.close();
  return error;
}

describe("telling a database outage from other failures", () => {
  it("does not take a client resetting its upload for a database outage", async () => {
    const error = await clientResetError();
    expect(error).toMatchObject({ code: "ECONNRESET" });
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("fetch failed", { cause: error }))).toBe(false);
  });

  it("still knows a connection to the database that was reset or refused", async () => {
    expect(isDatabaseUnavailable(await serverResetError())).toBe(true);
    expect(
      isDatabaseUnavailable(
        Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", syscall: "connect" }),
      ),
    ).toBe(true);
  });
});
