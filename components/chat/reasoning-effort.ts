"use client";

import { useSyncExternalStore } from "react";
import { REASONING_EFFORTS, type ReasoningEffort } from "@/lib/ai/reasoning-effort";

// One choice for every conversation in this browser: it is a habit ("think harder"), not a property of a chat.
const STORAGE_KEY = "parley.reasoningEffort";
const DEFAULT_EFFORT: ReasoningEffort = "medium";
const listeners = new Set<() => void>();
// Where storage is refused (some private modes), the choice lasts until the page is left.
let unsaved: ReasoningEffort | null = null;

/** The effort the next message asks for (sent with every message; the server uses it only where the model takes it). */
export function currentReasoningEffort(): ReasoningEffort {
  if (unsaved) return unsaved;
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return REASONING_EFFORTS.find((e) => e === stored) ?? DEFAULT_EFFORT;
  } catch {
    return DEFAULT_EFFORT;
  }
}

export function chooseReasoningEffort(effort: ReasoningEffort): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, effort);
    unsaved = null;
  } catch {
    unsaved = effort;
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

export function useReasoningEffort(): ReasoningEffort {
  return useSyncExternalStore(subscribe, currentReasoningEffort, () => DEFAULT_EFFORT);
}
