import { createHash } from "node:crypto";
import { z } from "zod";
import { MAX_TITLE_CHARS } from "../limits";
import type { ConversationProblem, PlannedConversation, PlannedMessage } from "./plan";
import { cutLongMessages, storableText, toDate } from "./plan";

// ChatGPT's data export (`conversations.json`): an array of conversations, each a tree of nodes (`mapping`,
// node id → { message, parent, children }) with the branch on screen ending at `current_node`. Parley keeps
// the tree (parent ids, so edits and regenerations stay branches) and the times, and leaves out what ChatGPT
// does not show either: system and tool nodes (and the assistant's calls to tools), hidden context, reasoning,
// empty messages.

const Time = z.number().nullable().optional();

const ChatGptMessage = z.looseObject({
  author: z.looseObject({ role: z.string() }),
  content: z.looseObject({
    content_type: z.string(),
    parts: z.array(z.unknown()).nullable().optional(),
    text: z.string().nullable().optional(),
    language: z.string().nullable().optional(),
  }),
  create_time: Time,
  recipient: z.string().nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
});

const ChatGptNode = z.looseObject({
  message: ChatGptMessage.nullable().optional(),
  parent: z.string().nullable().optional(),
  children: z.array(z.string()).nullable().optional(),
});

export const ChatGptConversation = z.looseObject({
  title: z.string().nullable().optional(),
  create_time: Time,
  update_time: Time,
  mapping: z.record(z.string(), ChatGptNode),
  current_node: z.string().nullable().optional(),
  id: z.string().max(200).nullable().optional(),
  conversation_id: z.string().max(200).nullable().optional(),
});

type Node = z.infer<typeof ChatGptNode>;
type ChatGptMessageValue = z.infer<typeof ChatGptMessage>;

export function looksLikeChatGpt(value: unknown): boolean {
  return Boolean(value && typeof value === "object" && "mapping" in value);
}

/** What a node shows, or why it is left out. */
export function nodeText(message: ChatGptMessageValue): { text: string } | { skip: string } {
  const role = message.author.role;
  if (role !== "user" && role !== "assistant") return { skip: role };
  // Addressed to a tool (the browsing tool's search("…"), click(17), back(), quote(…); Code Interpreter's code):
  // ChatGPT does not show these as the reply, so they are left out like the tool's answers.
  if (role === "assistant" && message.recipient && message.recipient !== "all") return { skip: "tool" };
  if (message.metadata?.is_visually_hidden_from_conversation === true) return { skip: "hidden" };
  const { content } = message;
  const strings = (content.parts ?? []).filter((p): p is string => typeof p === "string");
  let text: string;
  switch (content.content_type) {
    case "text":
      text = strings.join("\n\n");
      break;
    case "multimodal_text":
      text = (content.parts ?? []).map(partText).filter(Boolean).join("\n\n");
      break;
    case "code": {
      const language = content.language && content.language !== "unknown" ? content.language : "";
      const code = content.text ?? strings.join("\n");
      text = code.trim() ? `\`\`\`${language}\n${code}\n\`\`\`` : "";
      break;
    }
    case "thoughts":
    case "reasoning_recap":
      return { skip: "reasoning" };
    case "user_editable_context":
    case "model_editable_context":
      return { skip: "hidden" };
    default:
      text = content.text ?? strings.join("\n\n");
  }
  return text.trim() ? { text: storableText(text) } : { skip: "empty" };
}

/** A part of a message with attachments: text as is, an image or file as a placeholder saying what it was. */
function partText(part: unknown): string {
  if (typeof part === "string") return part;
  if (!part || typeof part !== "object") return "";
  const { content_type: type, text } = part as { content_type?: unknown; text?: unknown };
  if (type === "audio_transcription" && typeof text === "string") return text;
  if (type === "image_asset_pointer") return "[Image not imported]";
  if (type === "audio_asset_pointer" || type === "real_time_user_audio_video_asset_pointer") {
    return "[Audio not imported]";
  }
  return `[Attachment not imported${typeof type === "string" ? `: ${type}` : ""}]`;
}

export function planChatGpt(
  value: unknown,
  fallbackTime: Date,
): { plan: PlannedConversation } | { problems: ConversationProblem[] } {
  const parsed = ChatGptConversation.safeParse(value);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    };
  }
  const conversation = parsed.data;
  const { mapping } = conversation;
  const createdAt = toDate(conversation.create_time, fallbackTime);
  const updatedAt = toDate(conversation.update_time, createdAt);

  // The tree from the `parent` links (the `children` lists only order siblings): every parent must exist
  // and following parents must reach a root.
  const children = new Map<string | null, string[]>();
  for (const [id, node] of Object.entries(mapping)) {
    const parent = node.parent ?? null;
    if (parent !== null && !(parent in mapping)) {
      return { problems: [{ path: `mapping.${id}.parent`, message: `Node "${parent}" is not in the mapping.` }] };
    }
    const list = children.get(parent) ?? [];
    list.push(id);
    children.set(parent, list);
  }
  const order = (ids: string[], parent: Node | undefined) => {
    const listed = parent?.children ?? [];
    const rank = (id: string) => (listed.includes(id) ? listed.indexOf(id) : listed.length);
    return [...ids].sort((a, b) => rank(a) - rank(b));
  };

  const messages: (PlannedMessage & { order: number })[] = [];
  const keyOfNode = new Map<string, number | null>();
  let skippedNodes = 0;
  let visited = 0;
  // Depth-first from the roots, iteratively (real exports have conversations thousands of nodes deep).
  const stack: { id: string; parentKey: number | null; parentTime: Date; linear: boolean }[] = order(
    children.get(null) ?? [],
    undefined,
  )
    .reverse()
    .map((id) => ({ id, parentKey: null, parentTime: createdAt, linear: false }));
  while (stack.length) {
    const { id, parentKey, parentTime, linear } = stack.pop()!;
    visited++;
    const node = mapping[id]!;
    const message = node.message;
    let key = parentKey;
    let time = parentTime;
    let startsMessage = false;
    if (message) {
      const shown = nodeText(message);
      time = toDate(message.create_time, parentTime);
      if (time < parentTime) time = parentTime;
      if ("skip" in shown) skippedNodes++;
      else {
        const role = message.author.role as "user" | "assistant";
        const parent = parentKey === null ? undefined : messages[parentKey];
        if (role === "assistant" && parent?.role === "assistant" && linear) {
          // assistant → tool → assistant in ChatGPT is one reply on screen: keep it as one message.
          parent.content = `${parent.content}\n\n${shown.text}`;
          parent.parts = [{ type: "text", text: parent.content }];
        } else {
          key = messages.length;
          startsMessage = true;
          const slug = message.metadata?.model_slug;
          messages.push({
            key,
            parentKey,
            role,
            content: shown.text,
            parts: [{ type: "text", text: shown.text }],
            status: "complete",
            error: null,
            modelId: role === "assistant" && typeof slug === "string" && slug ? slug.slice(0, 100) : null,
            inputTokens: null,
            outputTokens: null,
            createdAt: time,
            order: key,
          });
        }
      }
    }
    keyOfNode.set(id, key);
    const below = order(children.get(id) ?? [], node);
    for (const child of below.reverse()) {
      // Linear: every node from the last message down to here has exactly one child (no branch in between).
      stack.push({
        id: child,
        parentKey: key,
        parentTime: time,
        linear: below.length === 1 && (startsMessage || linear),
      });
    }
  }
  if (visited < Object.keys(mapping).length) {
    return { problems: [{ path: "mapping", message: "Some nodes' parents form a loop instead of reaching a root." }] };
  }

  // Stored in time order (parents are never later than their children), so branches sort as ChatGPT made them.
  const sorted = [...messages].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.order - b.order);
  const renumber = new Map(sorted.map((m, i) => [m.key, i]));
  const planned: PlannedMessage[] = sorted.map(({ order: _order, ...m }) => ({
    ...m,
    key: renumber.get(m.key)!,
    parentKey: m.parentKey === null ? null : renumber.get(m.parentKey)!,
  }));
  const cutMessages = cutLongMessages(planned);
  const currentNodeKey = conversation.current_node ? keyOfNode.get(conversation.current_node) : undefined;
  const sourceId = conversation.conversation_id ?? conversation.id;
  // Untitled (older exports): named after the first question, as Parley names a new chat.
  const firstQuestion = planned
    .find((m) => m.role === "user")
    ?.content.split("\n")
    .find((line) => line.trim());
  const title =
    storableText(conversation.title ?? "")
      .trim()
      .slice(0, MAX_TITLE_CHARS) || clipTitle(firstQuestion);
  return {
    plan: {
      source: sourceId
        ? `chatgpt:${sourceId}`
        : `chatgpt-sha256:${createHash("sha256").update(JSON.stringify(value)).digest("hex")}`,
      originalId: null,
      title: title || null,
      modelId: null,
      systemPrompt: null,
      createdAt,
      updatedAt: new Date(Math.max(updatedAt.getTime(), createdAt.getTime())),
      messages: planned,
      currentLeafKey: currentNodeKey === undefined || currentNodeKey === null ? null : renumber.get(currentNodeKey)!,
      skippedNodes,
      cutMessages,
    },
  };
}

/** A line cut to about 60 characters at a word boundary, for a title. */
function clipTitle(line: string | undefined): string {
  const text = (line ?? "").replace(/\s+/g, " ").trim();
  if (text.length <= 60) return text;
  const cut = text.slice(0, 60);
  return `${cut.slice(0, cut.lastIndexOf(" ") > 30 ? cut.lastIndexOf(" ") : 60)}…`;
}
