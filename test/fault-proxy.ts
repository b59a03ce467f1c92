// A TCP proxy on loopback that a test can cut or freeze, standing in for a database or Redis server that
// dies (connections reset, new ones refused) or hangs (SIGSTOP: connections stay open, nothing answers),
// without touching the shared servers that other test runs use.
import net from "node:net";

export interface FaultProxy {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  via(url: string): string;
  /** The server "dies": open connections are reset, new ones are closed at once. */
  cut(): void;
  /** The server "hangs": connections stay open (new ones are accepted), no byte goes through. */
  freeze(): void;
  /** Back to normal; bytes held during a freeze are delivered. */
  restore(): void;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  held: { to: net.Socket; data: Buffer }[];
}

export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  let mode: "up" | "cut" | "frozen" = "up";
  const pairs = new Set<Pair>();

  const forward = (pair: Pair, to: net.Socket) => (data: Buffer) => {
    if (mode === "frozen") pair.held.push({ to, data });
    else to.write(data);
  };

  const server = net.createServer((client) => {
    if (mode === "cut") {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    const pair: Pair = { client, upstream, held: [] };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("data", forward(pair, upstream));
    upstream.on("data", forward(pair, client));
    client.on("close", end);
    upstream.on("close", end);
    client.on("error", end);
    upstream.on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    via(url) {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    cut() {
      mode = "cut";
      for (const pair of pairs) {
        pair.client.resetAndDestroy();
        pair.upstream.destroy();
      }
      pairs.clear();
    },
    freeze() {
      mode = "frozen";
    },
    restore() {
      mode = "up";
      for (const pair of pairs) {
        for (const { to, data } of pair.held.splice(0)) if (!to.destroyed) to.write(data);
      }
    },
    async close() {
      mode = "cut";
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
