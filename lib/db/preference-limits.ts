export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];
export const SEND_KEYS = ["enter", "mod-enter"] as const;
export type SendKey = (typeof SEND_KEYS)[number];
export const MAX_CUSTOM_INSTRUCTIONS = 8_000;
