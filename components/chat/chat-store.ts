import type { ChatState, ChatStatus, UIMessage } from "ai";

/**
 * One conversation's live state: the messages, the status and the last error, with change listeners. It exists
 * from the first render, before the AI SDK's chat (loaded on demand, see ./use-lazy-chat) takes it over as its
 * `ChatState`, so the thread can be shown and edited without the SDK's code. Only types come from `ai` here.
 */
export class ChatStore<M extends UIMessage> implements ChatState<M> {
  #messages: M[];
  #status: ChatStatus = "ready";
  #error: Error | undefined = undefined;
  #messageListeners = new Set<() => void>();
  #stateListeners = new Set<() => void>();

  constructor(messages: M[]) {
    this.#messages = messages;
  }

  get messages(): M[] {
    return this.#messages;
  }

  set messages(messages: M[]) {
    this.#messages = [...messages];
    this.#messagesChanged();
  }

  get status(): ChatStatus {
    return this.#status;
  }

  set status(status: ChatStatus) {
    this.#status = status;
    this.#stateChanged();
  }

  get error(): Error | undefined {
    return this.#error;
  }

  set error(error: Error | undefined) {
    this.#error = error;
    this.#stateChanged();
  }

  pushMessage = (message: M) => {
    this.#messages = this.#messages.concat(message);
    this.#messagesChanged();
  };

  popMessage = () => {
    this.#messages = this.#messages.slice(0, -1);
    this.#messagesChanged();
  };

  replaceMessage = (index: number, message: M) => {
    this.#messages = [...this.#messages.slice(0, index), this.snapshot(message), ...this.#messages.slice(index + 1)];
    this.#messagesChanged();
  };

  /** A copy of a streaming message that the SDK's later in-place updates do not reach (React needs new objects). */
  snapshot = <T>(value: T): T => {
    if (value == null || typeof value !== "object" || !("parts" in value) || !Array.isArray(value.parts)) return value;
    const message = value as unknown as M;
    const copy = { ...message, parts: message.parts.map((part) => ({ ...part })) };
    if (message.metadata != null && typeof message.metadata === "object" && !Array.isArray(message.metadata)) {
      copy.metadata = { ...message.metadata };
    }
    return copy as unknown as T;
  };

  /** Called on every change of the messages (many per second while a reply streams). */
  onMessages(listener: () => void): () => void {
    this.#messageListeners.add(listener);
    return () => this.#messageListeners.delete(listener);
  }

  /** Called when the status or the error changes. */
  onState(listener: () => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  #messagesChanged() {
    for (const listener of this.#messageListeners) listener();
  }

  #stateChanged() {
    for (const listener of this.#stateListeners) listener();
  }
}

const hasText = (message: UIMessage | undefined) =>
  message?.parts.some((part) => part.type === "text" && part.text !== "") ?? false;

/**
 * Whether a change of the messages renders at once instead of waiting for the streaming throttle: a new message,
 * or a reply's first words (what a person waits for after pressing Send).
 */
export function rendersAtOnce(shown: readonly UIMessage[], next: readonly UIMessage[]): boolean {
  const newest = next.at(-1);
  const onScreen = shown.at(-1);
  return newest?.id !== onScreen?.id || (hasText(newest) && !hasText(onScreen));
}
