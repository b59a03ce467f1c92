import { createClient } from "redis";
for (const url of ["redis://127.0.0.1:6379"]) {
  const t = Date.now();
  const c = createClient({ url, disableOfflineQueue: true, commandOptions: { timeout: 300 } });
  c.on("error", (e) => console.log("err", e.message));
  await c.connect();
  console.log("connect", Date.now() - t);
  const t2 = Date.now();
  try { console.log(await c.sendCommand(["DEBUG", "SLEEP", "2"])); } catch (e) { console.log("cmd err", (e as Error).message, Date.now() - t2); }
  const t3 = Date.now();
  try { console.log(await c.get("x")); } catch (e) { console.log("get err", (e as Error).message); }
  console.log("get after", Date.now() - t3);
  c.destroy();
}
