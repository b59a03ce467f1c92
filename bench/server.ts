// Helpers shared by the HTTP benches (bench/http.ts, bench/pages.ts): a free port, waiting for a server started
// as `npm start` starts it, its memory, and a real Auth.js session cookie.
import { type ChildProcess, spawnSync } from "node:child_process";
import net from "node:net";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function waitForHealth(base: string, child: ChildProcess) {
  const deadline = Date.now() + 15 * 60_000; // a first build on a busy machine takes minutes
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${base}/api/health`);
      if (response.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error("the server did not become healthy");
}

/** Resident memory (KiB) of a process and everything under it, from ps. */
export function treeRssKiB(pid: number): { processes: number; rssKiB: number } {
  const out = spawnSync("ps", ["-e", "-o", "pid=,ppid=,rss="], { encoding: "utf8" }).stdout;
  const rows = out
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number, number]);
  const inTree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [p, pp] of rows) {
      if (inTree.has(pp) && !inTree.has(p)) {
        inTree.add(p);
        grew = true;
      }
    }
  }
  const rss = rows.filter(([p]) => inTree.has(p)).reduce((sum, [, , r]) => sum + r, 0);
  return { processes: inTree.size, rssKiB: rss };
}

/** Signs in through Auth.js's credentials endpoint, as the login form does; returns the Cookie header. */
export async function signIn(base: string, login: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie.join("; ") },
    body: new URLSearchParams({ csrfToken, login, password, callbackUrl: `${base}/` }),
  });
  const session = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] as string)
    .find((c) => c.startsWith("authjs.session-token="));
  if (!session) throw new Error(`sign-in failed (${response.status})`);
  return session;
}

/** Stops a server started by a bench and waits for it to exit. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

/** Runs `fn` with the URL of a fresh PostgreSQL database made through `adminUrl`, dropped afterwards. */
export async function withPostgresDatabase<T>(adminUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const { default: pg } = await import("pg");
  const name = `parley_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}
