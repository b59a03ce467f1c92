"use client";

import { useState } from "react";
import type { ChatActions } from "../chat-view";

/** The conversation's model and system prompt, saved with it once it exists. */
export function useChatSettings({
  actions,
  conversationId,
  exists,
  initialModelId,
  initialSystemPrompt,
  becomeReal,
  listChanged,
  setComposerError,
}: {
  actions: ChatActions;
  conversationId: string;
  exists: boolean;
  initialModelId: string;
  initialSystemPrompt: string;
  becomeReal: () => void;
  listChanged: () => void;
  setComposerError: (message: string | null) => void;
}) {
  const [modelId, setModelId] = useState(initialModelId);
  const [systemPrompt, setSystemPrompt] = useState(initialSystemPrompt);

  const changeModel = async (id: string) => {
    setModelId(id);
    if (exists) {
      const result = await actions.saveSettings({ id: conversationId, modelId: id });
      if (!result.ok) setComposerError(result.error);
    }
  };

  /** Saves the system prompt (a new chat is created by it); answers a message to show, or null. */
  const saveSystemPrompt = async (value: string) => {
    const result = await actions.saveSettings({ id: conversationId, systemPrompt: value, modelId });
    if (!result.ok) return result.error;
    setSystemPrompt(value);
    becomeReal();
    listChanged();
    return null;
  };

  return { modelId, changeModel, systemPrompt, saveSystemPrompt };
}
