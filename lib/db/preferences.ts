import "server-only";
import { db } from "./client";

import { MAX_CUSTOM_INSTRUCTIONS, type SendKey, THEMES, type Theme } from "./preference-limits";

export type { SendKey, Theme } from "./preference-limits";

export interface Preferences {
  customInstructions: string | null;
  defaultModelId: string | null;
  /** Null: never chosen on this account, so the device's own choice applies. */
  theme: Theme | null;
  sendKey: SendKey;
}

export type PreferencesPatch = Partial<Preferences>;

const DEFAULTS: Preferences = { customInstructions: null, defaultModelId: null, theme: null, sendKey: "enter" };

const select = { customInstructions: true, defaultModelId: true, theme: true, sendKey: true } as const;

function normalise(row: {
  customInstructions: string | null;
  defaultModelId: string | null;
  theme: string | null;
  sendKey: string;
}): Preferences {
  return {
    customInstructions: row.customInstructions,
    defaultModelId: row.defaultModelId,
    theme: (THEMES as readonly string[]).includes(row.theme ?? "") ? (row.theme as Theme) : null,
    sendKey: row.sendKey === "mod-enter" ? "mod-enter" : "enter",
  };
}

/** The account's preferences; defaults when none were ever saved. */
export async function getPreferences(userId: string): Promise<Preferences> {
  const row = await db.userPreference.findUnique({ where: { userId }, select });
  return row ? normalise(row) : { ...DEFAULTS };
}

/** Changes the fields given (undefined leaves a field alone, null clears it) and returns the result. */
export async function updatePreferences(userId: string, patch: PreferencesPatch): Promise<Preferences> {
  const data: Partial<Preferences> = {};
  if (patch.customInstructions !== undefined) {
    data.customInstructions = patch.customInstructions?.trim().slice(0, MAX_CUSTOM_INSTRUCTIONS) || null;
  }
  if (patch.defaultModelId !== undefined) data.defaultModelId = patch.defaultModelId || null;
  if (patch.theme !== undefined) data.theme = patch.theme;
  if (patch.sendKey !== undefined) data.sendKey = patch.sendKey;
  if (Object.keys(data).length === 0) return getPreferences(userId);
  const row = await db.userPreference.upsert({
    where: { userId },
    create: { userId, ...data },
    update: data,
    select,
  });
  return normalise(row);
}
