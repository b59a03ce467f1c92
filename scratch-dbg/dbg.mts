import { startFaultProxy } from "../test/fault-proxy";
const proxy = await startFaultProxy({ host: "127.0.0.1", port: 6379 });
process.env.REDIS_URL = proxy.via("redis://127.0.0.1:6379");
process.env.REDIS_TIMEOUT_MS = "300";
const { redis, redisState, withRedis } = await import("../lib/redis");
const t = Date.now();
const client = await redis()!;
console.log("connected", Date.now() - t);
console.log(await client.incr("dbg:x"));
for (const fault of ["freeze", "cut"] as const) {
  proxy[fault]();
  const t2 = Date.now();
  console.log(fault, await withRedis((c) => c.incr("dbg:x"), async () => -1), Date.now() - t2, redisState());
  const t4 = Date.now();
  console.log(fault, await withRedis((c) => c.incr("dbg:x"), async () => -1), Date.now() - t4, redisState());
  proxy.restore();
  const t3 = Date.now();
  while (redisState() !== "up") await new Promise((r) => setTimeout(r, 50));
  console.log("recovered", Date.now() - t3, await withRedis((c) => c.incr("dbg:x"), async () => -1));
}
process.exit(0);
