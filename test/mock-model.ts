import { afterAll, beforeAll } from "vitest";
import { type MockServer, startMockServer } from "./openai-mock-server";

/**
 * For a test file whose replies come from the OpenAI-compatible mock on loopback: starts it before the
 * file's tests, points Parley at it (OPENAI_BASE_URL, then `env`, e.g. PARLEY_MODELS) and closes it after.
 * The answer forwards to the running server, so it can be kept in a `const`.
 */
export function mockModelServerForFile(env: Record<string, string>): MockServer {
  let server: MockServer | null = null;
  beforeAll(async () => {
    server = await startMockServer();
    process.env.OPENAI_BASE_URL = server.baseURL;
    Object.assign(process.env, env);
  });
  afterAll(async () => {
    await server?.close();
  });
  const running = (): MockServer => {
    if (!server) throw new Error("The mock model server starts in beforeAll: use it inside a test or hook.");
    return server;
  };
  return {
    get url() {
      return running().url;
    },
    get baseURL() {
      return running().baseURL;
    },
    get requests() {
      return running().requests;
    },
    get embeddingRequests() {
      return running().embeddingRequests;
    },
    streamedRequests: () => running().streamedRequests(),
    setReply: (reply) => running().setReply(reply),
    setPlainReply: (reply) => running().setPlainReply(reply),
    waitForRequests: (count, timeoutMs) => running().waitForRequests(count, timeoutMs),
    close: () => running().close(),
  };
}
