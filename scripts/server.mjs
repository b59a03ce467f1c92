// Parley's production HTTP server: Next.js behind a thin Node server that records the real peer address.
// `next start` only fills X-Forwarded-For when a request has none, so a client could forge its IP and
// dodge per-IP rate limits. Here the header is rewritten: without trusted proxies (TRUST_PROXY unset or 0)
// it becomes the socket's address; behind N trusted proxies the socket's address is appended, and
// lib/auth/request-info.ts reads the entry the outermost trusted proxy wrote.
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { parseTrustProxy, requestIdFor, trustsAnyProxy } from "../lib/trust-proxy.js";
import { decodePath } from "../lib/url-path.js";

const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";
// The app's own parser (lib/env.ts refuses a value it cannot read, so null never reaches a request).
const trustsProxy = trustsAnyProxy(parseTrustProxy(process.env.TRUST_PROXY));

const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

// Pages with such a path get the not-found page from proxy.ts; the proxy never sees /api (it would have to
// buffer request bodies), so API clients get the API's JSON error shape here, before Next decodes the path.
function refuseUndecodableApiPath(req, res) {
  const url = req.url ?? "/";
  if (!url.startsWith("/api/") || decodePath(url) !== null) return false;
  const body = JSON.stringify({
    error: {
      code: "not_found:endpoint",
      message: "There is no endpoint at this address: it has a malformed % escape.",
    },
  });
  res.writeHead(404, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "x-content-type-options": "nosniff",
  });
  res.end(body);
  return true;
}

const server = createServer((req, res) => {
  // Every response names its request; the id is in the log lines the request writes (lib/request-context.ts).
  const requestId = requestIdFor(req.headers["x-request-id"], trustsProxy);
  req.headers["x-request-id"] = requestId;
  res.setHeader("x-request-id", requestId);
  if (refuseUndecodableApiPath(req, res)) return;
  const peer = req.socket.remoteAddress ?? "unknown";
  const forwarded = req.headers["x-forwarded-for"];
  req.headers["x-forwarded-for"] = trustsProxy && forwarded ? `${forwarded}, ${peer}` : peer;
  handle(req, res);
});
// Timeouts set on purpose rather than Node's defaults (a body may trickle in for 300 s): the headers must arrive
// within 20 s, a whole request body within PARLEY_REQUEST_TIMEOUT_SECONDS (120 s: a 200 MB import at ~15 Mbit/s).
// Responses are not bounded here: a streamed reply runs as long as the model writes.
const requestTimeoutSeconds = Number(process.env.PARLEY_REQUEST_TIMEOUT_SECONDS ?? 120);
server.headersTimeout = 20_000;
server.requestTimeout = Number.isFinite(requestTimeoutSeconds) ? requestTimeoutSeconds * 1000 : 120_000;
server.keepAliveTimeout = 5_000;
server.listen(port, hostname, () => console.log(`Parley is ready on http://localhost:${port}`));

// SIGTERM (a deploy, `docker stop`): stop accepting connections, let open replies run on for
// PARLEY_SHUTDOWN_GRACE_SECONDS, then end the rest as "the server is restarting" (their text stored, rows failed,
// the error sent to each reader; lib/chat/registry.ts drainReplies), let those last bytes go out, and exit:
// within the grace period plus 2 seconds (5 s by default), whatever is still open.
const SHUTDOWN_SLACK_MS = 2_000;
let shuttingDown = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (shuttingDown) return;
    shuttingDown = true;
    const graceSeconds = Number(process.env.PARLEY_SHUTDOWN_GRACE_SECONDS ?? 3);
    const deadline = (Number.isFinite(graceSeconds) ? graceSeconds * 1000 : 3_000) + SHUTDOWN_SLACK_MS;
    setTimeout(() => process.exit(0), deadline).unref();
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    const drain = globalThis.parleyShutdown?.drain ?? (async () => ({ open: 0, interrupted: 0 }));
    void drain()
      .catch((error) => console.error("shutdown: draining replies failed", error))
      .then(() => Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 500))]))
      .then(() => process.exit(0));
  });
}
