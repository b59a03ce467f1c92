// Anthropic- and Gemini-shaped servers on loopback, so the native providers (@ai-sdk/anthropic, @ai-sdk/google)
// run their real request and stream code: each lists its models and streams a reply that thinks first.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface NativeMock {
  baseURL: string;
  /** Model ids the server was asked to reply with, and the keys it was sent. */
  requests: { model: string; key: string | undefined; body: unknown }[];
  close(): Promise<void>;
}

export interface NativeReply {
  thinking: string;
  text: string;
}

async function listen(handler: http.RequestListener, prefix: string): Promise<NativeMock & { server: http.Server }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    baseURL: `http://127.0.0.1:${port}${prefix}`,
    requests: [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function bodyOf(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : null;
}

function sse(res: http.ServerResponse, events: [string | null, unknown][]) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (const [event, data] of events) res.write(`${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`);
  res.end();
}

/** Anthropic's Messages API: GET /v1/models and a streamed POST /v1/messages with a thinking block. */
export async function startAnthropicMock(models: string[], reply: NativeReply, apiKey: string): Promise<NativeMock> {
  const mock = await listen(async (req, res) => {
    const body = await bodyOf(req);
    const key = req.headers["x-api-key"] as string | undefined;
    if (key !== apiKey) {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } }));
      return;
    }
    if (req.method === "GET" && req.url?.startsWith("/v1/models")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          data: models.map((id) => ({ type: "model", id, display_name: `Claude ${id}` })),
          has_more: false,
        }),
      );
      return;
    }
    const model = (body as { model?: string }).model ?? "";
    mock.requests.push({ model, key, body });
    sse(res, [
      [
        "message_start",
        {
          type: "message_start",
          message: {
            id: "msg_1",
            type: "message",
            role: "assistant",
            content: [],
            model,
            stop_reason: null,
            usage: { input_tokens: 5, output_tokens: 0 },
          },
        },
      ],
      [
        "content_block_start",
        { type: "content_block_start", index: 0, content_block: { type: "thinking", thinking: "" } },
      ],
      [
        "content_block_delta",
        { type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: reply.thinking } },
      ],
      [
        "content_block_delta",
        { type: "content_block_delta", index: 0, delta: { type: "signature_delta", signature: "sig" } },
      ],
      ["content_block_stop", { type: "content_block_stop", index: 0 }],
      ["content_block_start", { type: "content_block_start", index: 1, content_block: { type: "text", text: "" } }],
      [
        "content_block_delta",
        { type: "content_block_delta", index: 1, delta: { type: "text_delta", text: reply.text } },
      ],
      ["content_block_stop", { type: "content_block_stop", index: 1 }],
      [
        "message_delta",
        { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 7 } },
      ],
      ["message_stop", { type: "message_stop" }],
    ]);
  }, "/v1");
  return mock;
}

/** Gemini's API: GET /v1beta/models and a streamed :streamGenerateContent with a thought part. */
export async function startGeminiMock(models: string[], reply: NativeReply, apiKey: string): Promise<NativeMock> {
  const mock = await listen(async (req, res) => {
    const body = await bodyOf(req);
    const key = req.headers["x-goog-api-key"] as string | undefined;
    if (key !== apiKey) {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          error: { code: 400, message: "API key not valid. Please pass a valid API key.", status: "INVALID_ARGUMENT" },
        }),
      );
      return;
    }
    if (req.method === "GET" && req.url?.startsWith("/v1beta/models")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          models: [
            ...models.map((id) => ({
              name: `models/${id}`,
              displayName: `Gemini ${id}`,
              inputTokenLimit: 1_048_576,
              supportedGenerationMethods: ["generateContent", "countTokens"],
            })),
            { name: "models/text-embedding-004", supportedGenerationMethods: ["embedContent"] },
          ],
        }),
      );
      return;
    }
    const model = /models\/([^:]+):/.exec(req.url ?? "")?.[1] ?? "";
    mock.requests.push({ model, key, body });
    sse(res, [
      [
        null,
        { candidates: [{ content: { role: "model", parts: [{ text: reply.thinking, thought: true }] }, index: 0 }] },
      ],
      [
        null,
        {
          candidates: [{ content: { role: "model", parts: [{ text: reply.text }] }, finishReason: "STOP", index: 0 }],
          usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 7, totalTokenCount: 12 },
        },
      ],
    ]);
  }, "/v1beta");
  return mock;
}
