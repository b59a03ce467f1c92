// Parley's production HTTP server: Next.js behind a thin Node server that records the real peer address.
// `next start` only fills X-Forwarded-For when a request has none, so a client could forge its IP and
// dodge per-IP rate limits. Here the header is rewritten: without trusted proxies (TRUST_PROXY unset or 0)
// it becomes the socket's address; behind N trusted proxies the socket's address is appended, and
// lib/auth/request-info.ts reads the entry the outermost trusted proxy wrote.
import { createServer } from "node:http";
import path from "node:path";
import next from "next";

const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";
const trustsProxy = !["", "0", "false"].includes((process.env.TRUST_PROXY ?? "").trim());

const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  const peer = req.socket.remoteAddress ?? "unknown";
  const forwarded = req.headers["x-forwarded-for"];
  req.headers["x-forwarded-for"] = trustsProxy && forwarded ? `${forwarded}, ${peer}` : peer;
  handle(req, res);
});
server.listen(port, hostname, () => console.log(`Parley is ready on http://localhost:${port}`));

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
