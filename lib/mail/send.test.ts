import { once } from "node:events";
import { createServer, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A minimal SMTP server on loopback: enough of the protocol for nodemailer to deliver one message.
const received: string[] = [];
const server = createServer((socket: Socket) => {
  let inData = false;
  let buffer = "";
  socket.write("220 localhost ESMTP test\r\n");
  socket.on("data", (chunk) => {
    buffer += chunk.toString("utf8");
    for (;;) {
      if (inData) {
        const end = buffer.indexOf("\r\n.\r\n");
        if (end === -1) return;
        received.push(buffer.slice(0, end));
        buffer = buffer.slice(end + 5);
        inData = false;
        socket.write("250 OK queued\r\n");
        continue;
      }
      const eol = buffer.indexOf("\r\n");
      if (eol === -1) return;
      const line = buffer.slice(0, eol);
      buffer = buffer.slice(eol + 2);
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === "EHLO" || verb === "HELO") socket.write("250 localhost\r\n");
      else if (verb === "DATA") {
        inData = true;
        socket.write("354 go ahead\r\n");
      } else if (verb === "QUIT") socket.end("221 bye\r\n");
      else socket.write("250 OK\r\n");
    }
  });
});

beforeAll(async () => {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  process.env.SMTP_URL = `smtp://127.0.0.1:${address.port}/?ignoreTLS=true`;
  // Real mail needs the public URL for its links (lib/env.ts refuses SMTP_URL without it).
  process.env.APP_URL = "http://app.test";
  process.env.MAIL_FROM = "Parley <noreply@parley.test>";
});

afterAll(() => {
  server.close();
});

describe("sendMail", () => {
  it("delivers through SMTP when SMTP_URL is set", async () => {
    const { sendMail } = await import("./send");
    await sendMail({ to: "someone@example.test", subject: "Hello", text: "A link: http://app.test/x?token=abc" });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatch(/^To: someone@example\.test$/m);
    expect(received[0]).toMatch(/^From: Parley <noreply@parley\.test>$/m);
    const body = (received[0] ?? "").replace(/=\r?\n/g, "").replace(/=3D/g, "=");
    expect(body).toContain("http://app.test/x?token=abc");
  });
});
