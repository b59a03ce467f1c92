// A Parley server of a spec's own (another database, other settings, several instances), started the way
// production starts it and stopped cleanly. Used by the specs that cannot share playwright.config's server.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

/** `npm run db:migrate` against the database `env` names; throws with the tool's output when it fails. */
export function migrateDatabase(env: NodeJS.ProcessEnv): void {
  const migrated = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/db.ts", "migrate"],
    { cwd: root, env, encoding: "utf8" },
  );
  if (migrated.status !== 0) throw new Error(`Migrating ${env.DATABASE_URL} failed: ${migrated.stderr}`);
}

export interface AppServer {
  baseURL: string;
  child: ChildProcess;
  /** Sends `signal` and waits until the process has exited (SIGKILL after 10 s). */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts scripts/server.mjs (or `next start`, which does not rewrite X-Forwarded-For) on `port` with exactly
 * `env`, and resolves once /login answers 200. Throws, with the end of the server's stderr, when the process
 * exits first or it is not ready within `timeoutMs`: a spec never runs against a server that did not start.
 */
export async function startAppServer({
  port,
  env,
  nextStart = false,
  timeoutMs = 120_000,
}: {
  port: number;
  env: NodeJS.ProcessEnv;
  nextStart?: boolean;
  timeoutMs?: number;
}): Promise<AppServer> {
  const args = nextStart
    ? [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port)]
    : [path.join(root, "scripts/server.mjs")];
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...env, PORT: String(port) },
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const server: AppServer = {
    baseURL: `http://127.0.0.1:${port}`,
    child,
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`The server on port ${port} exited (${child.exitCode ?? child.signalCode}):\n${stderr}`);
    }
    const status = await fetch(`${server.baseURL}/login`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return server;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await server.stop();
  throw new Error(`The server on port ${port} did not answer /login within ${timeoutMs / 1000} s:\n${stderr}`);
}
