import "server-only";
import { createClient, type RedisClientType } from "redis";
import { log } from "./log";

const globalForRedis = globalThis as unknown as { parleyRedis?: Promise<RedisClientType> | null };

/** The shared Redis connection when REDIS_URL is set, else null (callers fall back to the database or memory). */
export function redis(): Promise<RedisClientType> | null {
  const url = process.env.REDIS_URL?.trim();
  if (!url) return null;
  globalForRedis.parleyRedis ??= (async () => {
    const client: RedisClientType = createClient({ url });
    client.on("error", (error) => log.error("redis.error", { error }));
    await client.connect();
    return client;
  })();
  return globalForRedis.parleyRedis;
}
