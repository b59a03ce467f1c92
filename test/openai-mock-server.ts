// An OpenAI-compatible Chat Completions server on loopback (and OpenAI's Responses API, POST /v1/responses), so tests and benchmarks run the real provider code.
// The reply is chosen per request: by `setReply()` (tests; streamed requests only), else by directives in the last user message so
// browser tests can steer it too:
//   [[delay:50]]  ms between chunks      [[fail:500]]  answer with that HTTP status
//   [[drop:3]]    cut the connection after 3 chunks       [[tool:calculator {"expression":"2+2"}]]  call a tool
//   [[text:...]]  reply with exactly this text
//   [[hang]]      never answer (no headers)            [[stall:3]]  send 3 chunks, then nothing (connection open)
//   [[reason:...]] stream this reasoning first as `reasoning_content` deltas (vLLM, DeepSeek, llama.cpp)
//   [[reasoning:...]] the same as `reasoning` deltas (Ollama, OpenRouter)
//   [[think:...]]  put "<think>...</think>" at the start of the content (models served raw)
// GET /v1/models lists `models` (default "mock-small", "mock-large"); with `apiKey` set every request must carry it.
// Otherwise it replies "Echo: <last user message>" word by word. After a tool result it answers with it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { messagesOfInput, respondResponses } from "./openai-responses-mock";

export interface MockReply {
  text?: string;
  /** Chunks of text (overrides `text`). */
  chunks?: string[];
  delayMs?: number;
  /** Delay before the response headers. */
  firstByteDelayMs?: number;
  failStatus?: number;
  /** Destroys the socket after this many content chunks. */
  dropAfterChunks?: number;
  /** Ends the response cleanly after this many content chunks, without a finish reason or [DONE]. */
  truncateAfterChunks?: number;
  toolCalls?: { name: string; arguments: Record<string, unknown> }[];
  /** Accepts the request and never answers (a model server that hangs before its first byte). */
  neverAnswer?: boolean;
  /** Sends this many content chunks, then nothing more, keeping the connection open. */
  stallAfterChunks?: number;
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** Streamed word by word before the answer, in the delta field `reasoningField` (default reasoning_content). */
  reasoning?: string;
  reasoningField?: "reasoning_content" | "reasoning";
}

export interface MockServerOptions {
  /** What GET /v1/models lists. */
  models?: string[];
  /** When set, requests without `Authorization: Bearer <apiKey>` get 401. */
  apiKey?: string;
}

export interface RecordedRequest {
  path: string;
  stream: boolean;
  model: string;
  messages: { role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string }[];
  tools: string[];
  at: number;
  /** The request body as sent (sampling settings, tool definitions, response_format…). */
  body: Record<string, unknown>;
  /** The client closed the connection before the answer ended (a cancelled call). */
  aborted: boolean;
}

export interface RecordedEmbeddingRequest {
  model: string;
  input: string[];
  dimensions?: number;
}

export interface MockServer {
  url: string;
  /** Base URL for OPENAI_BASE_URL (ends in /v1). */
  baseURL: string;
  requests: RecordedRequest[];
  embeddingRequests: RecordedEmbeddingRequest[];
  /** Requests that streamed a reply (not title generation). */
  streamedRequests(): RecordedRequest[];
  setReply(reply: MockReply | ((request: RecordedRequest) => MockReply) | null): void;
  /** The reply to requests that are not streamed (titles, summaries); null: the directives' title. */
  setPlainReply(reply: ((request: RecordedRequest) => MockReply) | null): void;
  /** Resolves when `count` requests have arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

type MessageContent = string | { type: string; text?: string }[] | null | undefined;

function textOf(content: unknown): string {
  const c = content as MessageContent;
  if (typeof c === "string") return c;
  if (Array.isArray(c)) return c.map((p) => p.text ?? "").join("");
  return "";
}

/** The reply the directives in a prompt ask for. */
export function replyFromDirectives(request: RecordedRequest): MockReply {
  const last = request.messages.at(-1);
  if (last?.role === "tool") return { text: `Tool result: ${textOf(last.content)}`, delayMs: 1 };
  const lastUser = [...request.messages].reverse().find((m) => m.role === "user");
  const prompt = textOf(lastUser?.content);
  const reply: MockReply = { delayMs: 1 };
  const delay = /\[\[delay:(\d+)\]\]/.exec(prompt);
  if (delay) reply.delayMs = Number(delay[1]);
  const fail = /\[\[fail:(\d{3})\]\]/.exec(prompt);
  if (fail) reply.failStatus = Number(fail[1]);
  const drop = /\[\[drop:(\d+)\]\]/.exec(prompt);
  if (drop) reply.dropAfterChunks = Number(drop[1]);
  if (/\[\[hang\]\]/.test(prompt) && request.stream) reply.neverAnswer = true;
  const stall = /\[\[stall:(\d+)\]\]/.exec(prompt);
  if (stall && request.stream) reply.stallAfterChunks = Number(stall[1]);
  const tool = /\[\[tool:(\w+)\s*(\{.*?\})?\]\]/.exec(prompt);
  if (tool?.[1] && request.tools.includes(tool[1])) {
    reply.toolCalls = [{ name: tool[1], arguments: JSON.parse(tool[2] ?? "{}") }];
  }
  const reasoning = /\[\[(reason|reasoning):([\s\S]*?)\]\]/.exec(prompt);
  if (reasoning && request.stream) {
    reply.reasoning = reasoning[2];
    reply.reasoningField = reasoning[1] === "reasoning" ? "reasoning" : "reasoning_content";
  }
  const think = /\[\[think:([\s\S]*?)\]\]/.exec(prompt);
  const text = /\[\[text:([\s\S]*?)\]\]/.exec(prompt);
  const clean = prompt.replace(/\[\[[\s\S]*?\]\]/g, "").trim();
  reply.text = (think ? `<think>${think[1]}</think>` : "") + (text ? text[1] : `Echo: ${clean}`);
  if (!request.stream) reply.text = text ? text[1] : `Title for ${clean.split(/\s+/).slice(0, 3).join(" ")}`;
  return reply;
}

export async function startMockServer(port = 0, options: MockServerOptions = {}): Promise<MockServer> {
  const listed = options.models ?? ["mock-small", "mock-large"];
  const requests: RecordedRequest[] = [];
  const embeddingRequests: RecordedEmbeddingRequest[] = [];
  let configured: MockReply | ((request: RecordedRequest) => MockReply) | null = null;
  let plain: ((request: RecordedRequest) => MockReply) | null = null;
  const waiters: { count: number; resolve: () => void }[] = [];
  const sockets = new Set<import("node:net").Socket>();

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      res
        .writeHead(401, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { message: "Incorrect API key provided.", type: "invalid_request_error" } }));
      return;
    }
    if (req.method === "POST" && req.url?.endsWith("/embeddings")) {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        model: string;
        input: string | string[];
        dimensions?: number;
      };
      const input = typeof body.input === "string" ? [body.input] : body.input;
      embeddingRequests.push({ model: body.model, input, dimensions: body.dimensions });
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          object: "list",
          model: body.model,
          data: input.map((text, index) => ({
            object: "embedding",
            index,
            embedding: embeddingOf(text, body.dimensions),
          })),
          usage: {
            prompt_tokens: input.join(" ").split(/\s+/).length,
            total_tokens: input.join(" ").split(/\s+/).length,
          },
        }),
      );
      return;
    }
    if (req.method === "GET" && req.url?.replace(/\?.*$/, "").endsWith("/models")) {
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          object: "list",
          data: listed.map((id) => ({ id, object: "model", created: 0, owned_by: "mock", max_model_len: 8192 })),
        }),
      );
      return;
    }
    const responsesApi = req.url?.endsWith("/responses") ?? false;
    if (req.method !== "POST" || !(req.url?.endsWith("/chat/completions") || responsesApi)) {
      res
        .writeHead(404, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { message: "not found" } }));
      return;
    }
    let body: Record<string, unknown> & {
      model?: string;
      stream?: boolean;
      messages?: RecordedRequest["messages"];
      input?: unknown;
      tools?: { name?: string; function?: { name?: string } }[];
    };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      res.writeHead(400).end();
      return;
    }
    const request: RecordedRequest = {
      path: req.url ?? "",
      stream: body.stream === true,
      model: body.model ?? "",
      messages: body.messages ?? messagesOfInput(body.input),
      tools: (body.tools ?? []).map((t) => t.function?.name ?? t.name ?? ""),
      at: Date.now(),
      body,
      aborted: false,
    };
    requests.push(request);
    for (const waiter of [...waiters]) {
      if (requests.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    // Title requests (not streamed) always follow the directives, so a configured reply only shapes the answer.
    const reply =
      configured && request.stream
        ? typeof configured === "function"
          ? configured(request)
          : configured
        : !request.stream && plain
          ? plain(request)
          : replyFromDirectives(request);
    if (responsesApi) respondResponses(request, reply, res);
    else await respond(request, reply, req, res);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: actual } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${actual}`;

  return {
    url,
    baseURL: `${url}/v1`,
    requests,
    embeddingRequests,
    streamedRequests: () => requests.filter((r) => r.stream),
    setReply(reply) {
      configured = reply;
    },
    setPlainReply(reply) {
      plain = reply;
    },
    waitForRequests(count, timeoutMs = 10_000) {
      if (requests.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${requests.length} of ${count} requests`)), timeoutMs);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function respond(
  request: RecordedRequest,
  reply: MockReply,
  req: http.IncomingMessage,
  res: http.ServerResponse,
) {
  if (reply.neverAnswer) return untilClosed(req, res);
  if (reply.firstByteDelayMs) await sleep(reply.firstByteDelayMs);
  if (reply.failStatus) {
    res
      .writeHead(reply.failStatus, { "content-type": "application/json" })
      .end(JSON.stringify({ error: { message: `mock failure ${reply.failStatus}`, type: "server_error" } }));
    return;
  }
  const id = `chatcmpl-mock-${Date.now()}`;
  const created = Math.floor(Date.now() / 1000);
  const text = reply.text ?? "";
  const pieces = reply.chunks ?? text.match(/\s*\S+/g) ?? [text];
  const usage = reply.usage ?? { prompt_tokens: 10, completion_tokens: pieces.length };
  const toolCalls = reply.toolCalls ?? [];

  if (!request.stream) {
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        id,
        object: "chat.completion",
        created,
        model: request.model,
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: toolCalls.length ? null : text,
              ...(toolCalls.length
                ? {
                    tool_calls: toolCalls.map((call, i) => ({
                      id: `call_${i}`,
                      type: "function",
                      function: { name: call.name, arguments: JSON.stringify(call.arguments) },
                    })),
                  }
                : {}),
            },
            finish_reason: toolCalls.length ? "tool_calls" : "stop",
          },
        ],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      }),
    );
    return;
  }

  let closed = false;
  req.on("close", () => {
    closed = true;
  });
  res.on("close", () => {
    closed = true;
    if (!res.writableFinished) request.aborted = true;
  });
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const send = (choice: Record<string, unknown> | null, extra: Record<string, unknown> = {}) =>
    res.write(
      `data: ${JSON.stringify({
        id,
        object: "chat.completion.chunk",
        created,
        model: request.model,
        choices: choice ? [{ index: 0, ...choice }] : [],
        ...extra,
      })}\n\n`,
    );

  send({ delta: toolCalls.length ? { role: "assistant" } : { role: "assistant", content: "" }, finish_reason: null });
  if (toolCalls.length) {
    toolCalls.forEach((call, i) => {
      send({
        delta: {
          tool_calls: [
            {
              index: i,
              id: `call_${requestsKey(request)}_${i}`,
              type: "function",
              function: { name: call.name, arguments: JSON.stringify(call.arguments) },
            },
          ],
        },
        finish_reason: null,
      });
    });
    send({ delta: {}, finish_reason: "tool_calls" });
  } else {
    if (reply.reasoning) {
      for (const piece of reply.reasoning.match(/\s*\S+/g) ?? []) {
        if (closed) return;
        if (reply.delayMs) await sleep(reply.delayMs);
        send({ delta: { [reply.reasoningField ?? "reasoning_content"]: piece }, finish_reason: null });
      }
    }
    let sent = 0;
    for (const piece of pieces) {
      if (closed) return;
      if (reply.delayMs) await sleep(reply.delayMs);
      if (closed) return;
      if (reply.dropAfterChunks !== undefined && sent >= reply.dropAfterChunks) {
        res.socket?.destroy();
        return;
      }
      if (reply.stallAfterChunks !== undefined && sent >= reply.stallAfterChunks) return untilClosed(req, res);
      if (reply.truncateAfterChunks !== undefined && sent >= reply.truncateAfterChunks) {
        res.end();
        return;
      }
      send({ delta: { content: piece }, finish_reason: null });
      sent++;
    }
    send({ delta: {}, finish_reason: "stop" });
  }
  send(null, { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } });
  res.end("data: [DONE]\n\n");
}

/** Holds the request open, sending nothing, until the client gives up. */
function untilClosed(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (req.destroyed || res.destroyed) return resolve();
    res.on("close", () => resolve());
  });
}

function requestsKey(request: RecordedRequest): string {
  return String(request.at % 100000);
}

// `npx tsx test/openai-mock-server.ts [port]` runs it on its own (e.g. for Playwright or a manual check).
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const server = await startMockServer(Number(process.argv[2] ?? process.env.MOCK_OPENAI_PORT ?? 0));
  console.log(`OpenAI mock server listening at ${server.baseURL}`);
}

/** A deterministic vector for a text: the same text always embeds the same way. */
export function embeddingOf(text: string, dimensions = 8): number[] {
  return Array.from({ length: dimensions }, (_, i) => ((text.charCodeAt(i % Math.max(1, text.length)) || 0) % 97) / 97);
}
