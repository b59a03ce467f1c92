// OpenAI's Responses API (POST /v1/responses) for the mock server: enough of its shapes for @ai-sdk/openai's
// `openai.responses(...)` to stream text and reasoning summaries. Like OpenAI, it sends a summary of the
// reasoning only when the request asks for one (`reasoning.summary`).
import type http from "node:http";
import type { MockReply, RecordedRequest } from "./openai-mock-server";

type InputItem = { role?: string; type?: string; content?: unknown; output?: unknown };

/** The Responses API's `input` as Chat Completions-style messages, so tests read both the same way. */
export function messagesOfInput(input: unknown): RecordedRequest["messages"] {
  if (typeof input === "string") return [{ role: "user", content: input }];
  if (!Array.isArray(input)) return [];
  return (input as InputItem[]).map((item) =>
    item.type === "function_call_output"
      ? { role: "tool", content: String(item.output ?? "") }
      : { role: item.role ?? item.type ?? "unknown", content: item.content },
  );
}

export function respondResponses(request: RecordedRequest, reply: MockReply, res: http.ServerResponse): void {
  const created = Math.floor(Date.now() / 1000);
  const id = `resp_mock_${created}`;
  const text = reply.text ?? "";
  const usage = { input_tokens: 10, output_tokens: (text.match(/\S+/g) ?? []).length };
  if (reply.failStatus) {
    res
      .writeHead(reply.failStatus, { "content-type": "application/json" })
      .end(JSON.stringify({ error: { message: `mock failure ${reply.failStatus}`, type: "server_error", code: "x" } }));
    return;
  }
  const message = { type: "message", id: "msg_mock", role: "assistant", status: "completed" };
  const wantsSummary = Boolean((request.body.reasoning as { summary?: unknown } | undefined)?.summary);
  const summary = wantsSummary ? reply.reasoning : undefined;
  if (!request.stream) {
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        id,
        object: "response",
        created_at: created,
        model: request.model,
        status: "completed",
        output: [{ ...message, content: [{ type: "output_text", text, annotations: [] }] }],
        usage,
        incomplete_details: null,
      }),
    );
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const send = (event: Record<string, unknown>) =>
    res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  send({ type: "response.created", response: { id, created_at: created, model: request.model } });
  let index = 0;
  if (summary) {
    const item = { type: "reasoning", id: "rs_mock", summary: [] };
    send({ type: "response.output_item.added", output_index: index, item });
    send({ type: "response.reasoning_summary_part.added", item_id: item.id, output_index: index, summary_index: 0 });
    for (const delta of summary.match(/\s*\S+/g) ?? []) {
      send({
        type: "response.reasoning_summary_text.delta",
        item_id: item.id,
        output_index: index,
        summary_index: 0,
        delta,
      });
    }
    send({ type: "response.reasoning_summary_part.done", item_id: item.id, output_index: index, summary_index: 0 });
    send({ type: "response.output_item.done", output_index: index, item: { ...item, encrypted_content: null } });
    index++;
  }
  send({ type: "response.output_item.added", output_index: index, item: { ...message, content: [] } });
  for (const delta of text.match(/\s*\S+/g) ?? []) {
    send({ type: "response.output_text.delta", item_id: message.id, output_index: index, content_index: 0, delta });
  }
  send({ type: "response.output_item.done", output_index: index, item: message });
  send({ type: "response.completed", response: { id, usage, incomplete_details: null } });
  res.end();
}
