/**
 * An MCP tool result as text for the model and the stored message, bounded: a server may answer with megabytes
 * (or with something that is not a tool result at all), and all of it would go to the model on every later turn.
 */

export const MAX_TOOL_RESULT_CHARS = 16_000;

interface ContentItem {
  type?: unknown;
  text?: unknown;
  mimeType?: unknown;
  resource?: { uri?: unknown; text?: unknown };
  uri?: unknown;
  name?: unknown;
}

function itemText(item: ContentItem): string {
  if (item.type === "text" && typeof item.text === "string") return item.text;
  if (item.type === "resource" && item.resource) {
    const uri = String(item.resource.uri ?? "");
    return typeof item.resource.text === "string" ? `${uri}\n${item.resource.text}` : `[resource ${uri}]`;
  }
  if (item.type === "resource_link") return `[link ${String(item.name ?? "")} ${String(item.uri ?? "")}]`;
  if (item.type === "image" || item.type === "audio") return `[${item.type} ${String(item.mimeType ?? "")} left out]`;
  return `[${String(item.type ?? "unknown")} content left out]`;
}

export function truncate(text: string, max = MAX_TOOL_RESULT_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n…[${(text.length - max).toLocaleString("en-US")} more characters left out]`;
}

export function boundedResult(result: unknown): { text: string; isError: boolean } {
  if (!result || typeof result !== "object")
    return { text: "The server's answer was not a tool result.", isError: true };
  const value = result as { content?: unknown; isError?: unknown; structuredContent?: unknown; toolResult?: unknown };
  const isError = value.isError === true;
  if (Array.isArray(value.content)) {
    // Bounded while joining, so a result of a million items costs no more than one of a few.
    let text = "";
    for (const item of value.content) {
      if (text.length > MAX_TOOL_RESULT_CHARS) break;
      text += (text ? "\n" : "") + itemText((item ?? {}) as ContentItem);
    }
    if (!text && value.structuredContent !== undefined) text = safeJson(value.structuredContent);
    return { text: truncate(text), isError };
  }
  if (value.toolResult !== undefined) return { text: truncate(safeJson(value.toolResult)), isError };
  return { text: "The server's answer was not a tool result.", isError: true };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch {
    return "";
  }
}
