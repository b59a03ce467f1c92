import "server-only";
import type { UIMessageChunk } from "ai";
import { type ResolvedModel, resolveModel } from "../ai/providers";
import { generateTitle, titleFromText } from "../ai/title";
import { setTitleIfEmpty } from "../db/conversations";
import { env } from "../env";
import { log } from "../log";

/** Names a new conversation from its first message and announces the title to the reply's readers; never throws. */
export async function nameConversation({
  text,
  model,
  conversationId,
  userId,
  announce,
}: {
  text: string;
  model: ResolvedModel;
  conversationId: string;
  userId: string;
  announce: (chunk: UIMessageChunk) => void;
}): Promise<void> {
  try {
    const titleModel = await titleModelFor(model);
    const title = titleModel.offline ? titleFromText(text) : await generateTitle(titleModel, text);
    if (await setTitleIfEmpty({ id: conversationId, userId, title })) {
      announce({ type: "data-title", data: { conversationId, title }, transient: true });
    }
  } catch (error) {
    log.warn("chat.title_failed", { conversationId, error });
  }
}

/** PARLEY_TITLE_MODEL (e.g. a small, cheap model) when it is one of the configured models, else the reply's. */
async function titleModelFor(model: ResolvedModel): Promise<ResolvedModel> {
  const id = env().PARLEY_TITLE_MODEL;
  if (!id || model.offline) return model;
  try {
    return await resolveModel(id);
  } catch {
    return model;
  }
}
