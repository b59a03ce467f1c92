import type { UIMessageChunk } from "ai";

export async function readChunks(stream: ReadableStream<UIMessageChunk>): Promise<UIMessageChunk[]> {
  const chunks: UIMessageChunk[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

export function textFrom(chunks: UIMessageChunk[]): string {
  return chunks.map((c) => (c.type === "text-delta" ? c.delta : "")).join("");
}

/** `n` distinct words (`w0 w1 …`): a reply whose streamed prefix can be told apart from the whole. */
export function words(n: number): string {
  return Array.from({ length: n }, (_, i) => `w${i}`).join(" ");
}
