/** Helpers over AI SDK UI message parts (as stored in `Message.parts`), shared by the engine, the API, the export and the UI. */
export type Part = { type: string } & Record<string, unknown>;

function asParts(parts: unknown): Part[] {
  return Array.isArray(parts) ? (parts as Part[]) : [];
}

/** The reply's visible text: its text parts joined. */
export function textOf(parts: unknown): string {
  return asParts(parts)
    .filter((p) => p.type === "text" && typeof p.text === "string")
    .map((p) => p.text as string)
    .join("");
}

export function toolPartsOf(parts: unknown): Part[] {
  return asParts(parts).filter((p) => p.type.startsWith("tool-") && typeof p.toolCallId === "string");
}

export function toolNameOf(part: Part): string {
  return part.type.slice("tool-".length);
}

export function toolCallsOf(parts: unknown) {
  return toolPartsOf(parts).map((p) => ({ toolCallId: p.toolCallId, toolName: toolNameOf(p), input: p.input ?? null }));
}

export function toolOutputsOf(parts: unknown) {
  return toolPartsOf(parts)
    .filter((p) => p.state === "output-available" || p.state === "output-error")
    .map((p) => ({
      toolCallId: p.toolCallId,
      toolName: toolNameOf(p),
      ...(p.state === "output-available" ? { output: p.output ?? null } : { errorText: p.errorText ?? null }),
    }));
}
