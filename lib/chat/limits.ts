export const MAX_MESSAGE_CHARS = 32_000;
