import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startFaultProxy } from "@/test/fault-proxy";
import { startMockServer } from "@/test/openai-mock-server";
import { checkHealth, checkHealthShared } from "./health";

const saved = { ...process.env };

describe("the health check", () => {
  afterEach(() => {
    for (const key of ["OPENAI_BASE_URL", "OPENAI_API_KEY", "PARLEY_MODELS", "REDIS_URL", "REDIS_TIMEOUT_MS"]) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it("is ok with the database up, Redis off and the built-in model", async () => {
    delete process.env.OPENAI_BASE_URL;
    delete process.env.OPENAI_API_KEY;
    delete process.env.PARLEY_MODELS;
    delete process.env.REDIS_URL;
    const health = await checkHealth();
    expect(health).toMatchObject({
      status: "ok",
      down: [],
      checks: { database: { status: "up" }, redis: { status: "off" }, model: { status: "builtin" } },
    });
  });

  it("names a model server that answers, one that is gone and one that refuses the key", async () => {
    const mock = await startMockServer();
    process.env.OPENAI_BASE_URL = mock.baseURL;
    process.env.PARLEY_MODELS = "mock-model";
    expect((await checkHealth()).checks.model.status).toBe("up");
    await mock.close();
    const gone = await checkHealth();
    // The instance still serves (history, settings, other connections): degraded, not down.
    expect(gone).toMatchObject({ status: "degraded", down: ["model"], checks: { model: { status: "down" } } });

    const refusing = http.createServer((_req, res) => res.writeHead(401).end());
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    process.env.OPENAI_BASE_URL = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/v1`;
    const refused = await checkHealth();
    expect(refused.checks.model).toMatchObject({ status: "down", detail: expect.stringContaining("API key") });
    await new Promise((resolve) => refusing.close(resolve));
  });

  it("asks the model server at most once per few seconds for the public endpoint, however often it is called", async () => {
    let asked = 0;
    const counting = http.createServer((_req, res) => {
      asked++;
      res.writeHead(200, { "content-type": "application/json" }).end('{"data":[]}');
    });
    await new Promise<void>((resolve) => counting.listen(0, "127.0.0.1", resolve));
    process.env.OPENAI_BASE_URL = `http://127.0.0.1:${(counting.address() as AddressInfo).port}/v1`;
    process.env.PARLEY_MODELS = "mock-model";
    const answers = await Promise.all(Array.from({ length: 20 }, () => checkHealthShared()));
    for (let i = 0; i < 5; i++) answers.push(await checkHealthShared());
    expect(answers.every((a) => a.checks.model.status === "up")).toBe(true);
    expect(asked).toBe(1);
    await new Promise((resolve) => counting.close(resolve));
    // A failure is never kept: once the good result is old, the next call sees the server gone.
    expect((await checkHealthShared(Date.now() + 10_000)).checks.model.status).toBe("down");
    expect((await checkHealthShared(Date.now() + 10_000)).checks.model.status).toBe("down");
  });

  it.runIf(process.env.TEST_REDIS_URL)("names Redis when it hangs, within its timeout", async () => {
    const target = new URL(process.env.TEST_REDIS_URL!);
    const proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port || 6379) });
    process.env.REDIS_URL = proxy.via(process.env.TEST_REDIS_URL!);
    process.env.REDIS_TIMEOUT_MS = "300";
    expect((await checkHealth()).checks.redis.status).toBe("up");
    proxy.freeze();
    const health = await checkHealth();
    expect(health.down).toContain("redis");
    expect(health.checks.redis.ms).toBeLessThan(3_000);
    proxy.restore();
    expect((await checkHealth()).checks.redis.status).toBe("up");
    await proxy.close();
  });

  it.runIf(process.env.TEST_REDIS_URL)(
    "keeps the instance in the load balancer when only Redis is down; the operators' check names it",
    async () => {
      delete process.env.OPENAI_BASE_URL;
      delete process.env.OPENAI_API_KEY;
      delete process.env.PARLEY_MODELS;
      const target = new URL(process.env.TEST_REDIS_URL!);
      const proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port || 6379) });
      process.env.REDIS_URL = proxy.via(process.env.TEST_REDIS_URL!);
      process.env.REDIS_TIMEOUT_MS = "300";
      const { GET: serving } = await import("@/app/api/health/route");
      const { GET: detail } = await import("@/app/api/health/detail/route");
      const { GET: live } = await import("@/app/api/health/live/route");
      proxy.cut();
      const readiness = await serving();
      expect(readiness.status).toBe(200);
      expect(await readiness.json()).toMatchObject({ status: "degraded", down: ["redis"] });
      const operators = await detail();
      expect(operators.status).toBe(503);
      expect(await operators.json()).toMatchObject({ status: "degraded", down: ["redis"] });
      expect((await live()).status).toBe(200);
      proxy.restore();
      await proxy.close();
    },
  );
});
