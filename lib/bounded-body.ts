/**
 * A request body read whole, or null as soon as it passes `maxBytes` (the rest is never read). The one
 * bounded reader behind JSON bodies (lib/http.ts), uploads and server-action arguments (lib/action-guard.ts).
 */
export async function readBodyAtMost(body: ReadableStream<Uint8Array> | null, maxBytes: number) {
  if (!body) return new Uint8Array(new ArrayBuffer(0));
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Not awaited: a clone's cancel (proxy.ts reads a clone) settles only once the original is cancelled too.
      void reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(new ArrayBuffer(size));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
