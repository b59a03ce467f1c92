import { createClient } from "redis";
import { startFaultProxy } from "../test/fault-proxy";
const proxy = await startFaultProxy({ host: "127.0.0.1", port: 6379 });
const c = createClient({ url: proxy.via("redis://127.0.0.1:6379"), disableOfflineQueue: true, commandOptions: { timeout: 300 } });
c.on("error", (e) => console.log("err", e.message));
await c.connect();
console.log(await c.incr("dbg:y"));
proxy.freeze();
const t2 = Date.now();
try { console.log(await c.incr("dbg:y")); } catch (e) { console.log("cmd err", (e as Error).message, Date.now() - t2); }
try { console.log(await c.multi().incr("dbg:y").ttl("dbg:y").exec()); } catch (e) { console.log("multi err", (e as Error).message, Date.now() - t2); }
proxy.restore();
const t3 = Date.now();
try { console.log(await c.ping()); } catch (e) { console.log("ping err", (e as Error).message); }
console.log("after", Date.now() - t3);
c.destroy(); await proxy.close();
