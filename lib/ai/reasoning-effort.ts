/** How hard a reasoning model thinks before answering, for models whose admin marked them as taking it. */
export const REASONING_EFFORTS = ["low", "medium", "high"] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];
