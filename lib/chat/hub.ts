import type { UIMessageChunk } from "ai";

/**
 * Fans one generation's chunks out to any number of readers. Every reader first gets everything so far
 * (a full replay, which is what the AI SDK client expects when resuming), then live chunks. A reader that
 * goes away never slows or stops the producer.
 */
export class StreamHub {
  private readonly chunks: UIMessageChunk[] = [];
  private readonly readers = new Set<ReadableStreamDefaultController<UIMessageChunk>>();
  private closed = false;

  get isClosed(): boolean {
    return this.closed;
  }

  push(chunk: UIMessageChunk): void {
    if (this.closed) return;
    this.chunks.push(chunk);
    for (const reader of this.readers) {
      try {
        reader.enqueue(chunk);
      } catch {
        this.readers.delete(reader);
      }
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const reader of this.readers) {
      try {
        reader.close();
      } catch {
        // the reader went away
      }
    }
    this.readers.clear();
  }

  subscribe(): ReadableStream<UIMessageChunk> {
    let self: ReadableStreamDefaultController<UIMessageChunk> | undefined;
    return new ReadableStream<UIMessageChunk>({
      start: (controller) => {
        self = controller;
        for (const chunk of this.chunks) controller.enqueue(chunk);
        if (this.closed) controller.close();
        else this.readers.add(controller);
      },
      cancel: () => {
        if (self) this.readers.delete(self);
      },
    });
  }
}
