// Limits that the browser (counters, maxLength) and the server (validation) must agree on. No imports:
// client components include this module.

export const MAX_MESSAGE_CHARS = 32_000;
export const MAX_SYSTEM_PROMPT_CHARS = 16_000;
export const MAX_TITLE_CHARS = 200;
export const MAX_DIRECT_MESSAGE_CHARS = 4_000;
