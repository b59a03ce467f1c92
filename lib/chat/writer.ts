import "server-only";
import { storeFinalReply } from "../db/final-reply";
import type { MessagePart, MessageStatus } from "../db/messages";
import { type ReplySnapshot, saveReplySnapshots } from "../db/reply-snapshots";
import { log } from "../log";
import { processGlobal } from "../process-global";
import { ABANDONED_ERROR, HEARTBEAT_INTERVAL_MS } from "./liveness";
import { textOf, toolCallsOf, toolOutputsOf } from "./parts";
import { pollUntil } from "./poll";

const SNAPSHOT_INTERVAL_MS = 1_000;
/** After the person was told a reply could not be saved, it is still written (marked failed) when the database returns. */
const LATE_SAVE_WINDOW_MS = 10 * 60_000;

export const NOT_SAVED_ERROR =
  "This reply could not be saved: the database was unreachable when it ended. Retry it to get a stored answer.";

export interface FinalReply {
  parts: MessagePart[];
  status: Exclude<MessageStatus, "streaming">;
  error: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  /** Whose daily usage the tokens count under, stored with the row (lib/db/final-reply.ts). */
  modelId: string;
  tokenReservation: number | null;
}

/**
 * Keeps a streaming reply's row current: its partial text every second and a heartbeat that shows its producer
 * is alive. Every reply of this process is written by one statement a second (`SnapshotFlusher`), not one each.
 * A failed write (database unreachable) is retried on the next tick with the newest text; nothing stops the
 * loop but `finish`.
 */
export class ReplyWriter {
  private parts: MessagePart[] = [];
  private savedJson = "[]";
  private lastWrite = Date.now();
  private failing = false;

  constructor(
    private readonly id: string,
    private readonly userId: string,
    private readonly saveTimeoutMs: number,
  ) {
    flusher().add(this);
  }

  update(parts: MessagePart[]): void {
    this.parts = parts;
  }

  /** What the next flush should write for this reply (new text, or a heartbeat that is due), or null. */
  snapshot(): { row: ReplySnapshot; saved: () => void } | null {
    const json = JSON.stringify(this.parts);
    const changed = json !== this.savedJson;
    if (!changed && Date.now() - this.lastWrite < HEARTBEAT_INTERVAL_MS) return null;
    const row = changed
      ? { id: this.id, parts: this.parts, content: textOf(this.parts) }
      : { id: this.id, parts: null, content: null };
    return {
      row,
      saved: () => {
        this.savedJson = json;
        this.lastWrite = Date.now();
        if (this.failing) log.info("chat.snapshot_recovered", { messageId: this.id });
        this.failing = false;
      },
    };
  }

  snapshotFailed(error: unknown): void {
    if (!this.failing) log.warn("chat.snapshot_failed", { messageId: this.id, error });
    this.failing = true;
  }

  /** Stores the final state, retrying until the database answers or the save timeout passes; false if it never did. */
  async finish(final: FinalReply): Promise<boolean> {
    // No snapshot after this one: a snapshot in flight lands before the final state.
    const inFlight = flusher().remove(this);
    const deadline = Date.now() + this.saveTimeoutMs;
    await withDeadline(inFlight, deadline);
    return this.storeUntil(final, deadline);
  }

  /** After a failed `finish`: marks the row as not saved, with everything it had, once the database is back. */
  async finishLate(final: FinalReply): Promise<boolean> {
    const stored = await this.storeUntil(
      { ...final, status: "error", error: NOT_SAVED_ERROR },
      Date.now() + LATE_SAVE_WINDOW_MS,
    );
    log[stored ? "info" : "error"](stored ? "chat.reply_saved_late" : "chat.reply_lost", { messageId: this.id });
    return stored;
  }

  private async storeUntil(final: FinalReply, deadline: number): Promise<boolean> {
    const stored = await pollUntil(
      async () => {
        try {
          const changed = await withDeadline(this.store(final), deadline);
          if (changed === false) log.info("chat.reply_already_ended", { messageId: this.id });
          return changed !== undefined;
        } catch (error) {
          if (!this.failing) log.warn("chat.store_failed", { messageId: this.id, error });
          this.failing = true;
          return false;
        }
      },
      { timeoutMs: Math.max(0, deadline - Date.now()), intervalMs: 250 },
    );
    return stored === true;
  }

  private store(final: FinalReply): Promise<boolean> {
    return storeFinalReply({
      message: {
        id: this.id,
        userId: this.userId,
        onlyIfStreaming: true,
        // The reaper may have given up on this reply while the database was unreachable; its producer knows better.
        orIfFailedWith: ABANDONED_ERROR,
        update: {
          parts: final.parts,
          content: textOf(final.parts),
          status: final.status,
          error: final.error,
          toolCalls: toolCallsOf(final.parts),
          toolOutputs: toolOutputsOf(final.parts),
          inputTokens: final.inputTokens,
          outputTokens: final.outputTokens,
        },
      },
      usage: {
        userId: this.userId,
        modelId: final.modelId,
        inputTokens: final.inputTokens,
        outputTokens: final.outputTokens,
      },
      tokenReservation: final.tokenReservation,
    });
  }
}

/** Writes the snapshots of every reply this process streams, once a second, in one statement. */
class SnapshotFlusher {
  private readonly writers = new Set<ReplyWriter>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private inFlight: Promise<void> | null = null;

  add(writer: ReplyWriter): void {
    this.writers.add(writer);
    this.timer ??= setInterval(() => this.flush(), SNAPSHOT_INTERVAL_MS);
  }

  /** Stops writing for `writer`; resolves once a flush that may include it has ended. */
  remove(writer: ReplyWriter): Promise<void> {
    this.writers.delete(writer);
    if (this.writers.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    return this.inFlight ?? Promise.resolve();
  }

  private flush(): void {
    if (this.inFlight) return;
    const due = [...this.writers].flatMap((writer) => {
      const snapshot = writer.snapshot();
      return snapshot ? [{ writer, ...snapshot }] : [];
    });
    if (due.length === 0) return;
    this.inFlight = saveReplySnapshots(due.map((d) => d.row))
      .then(
        () => {
          for (const d of due) d.saved();
        },
        (error) => {
          for (const d of due) d.writer.snapshotFailed(error);
        },
      )
      .finally(() => {
        this.inFlight = null;
      });
  }
}

const flusher = () => {
  return processGlobal("parleySnapshotFlusher", () => new SnapshotFlusher());
};

/** The promise's value, or undefined once `deadline` (epoch ms) passes first. */
function withDeadline<T>(promise: Promise<T>, deadline: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
