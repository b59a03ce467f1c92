import type { UIMessageChunk } from "ai";

/** The JSON payloads of a server-sent-events text stream (`data: …` lines; `[DONE]` and non-JSON skipped). */
export function parseSseEvents(buffered: string): { events: unknown[]; rest: string } {
  const events: unknown[] = [];
  let buffer = buffered;
  let end = buffer.indexOf("\n\n");
  while (end !== -1) {
    const data = buffer
      .slice(0, end)
      .split("\n")
      .filter((line) => line.startsWith("data: "))
      .map((line) => line.slice(6))
      .join("\n");
    buffer = buffer.slice(end + 2);
    if (data && data !== "[DONE]") {
      try {
        events.push(JSON.parse(data));
      } catch {
        // not JSON: not a chunk
      }
    }
    end = buffer.indexOf("\n\n");
  }
  return { events, rest: buffer };
}

/** Parses an SSE text stream (a resumed Redis stream, a UI message stream response) back into UI chunks. */
export function sseToChunks(): TransformStream<string, UIMessageChunk> {
  let buffer = "";
  return new TransformStream({
    transform(text, controller) {
      const { events, rest } = parseSseEvents(buffer + text);
      buffer = rest;
      for (const event of events) controller.enqueue(event as UIMessageChunk);
    },
  });
}
