export const RATINGS = ["up", "down"] as const;
export type Rating = (typeof RATINGS)[number];
export const MAX_FEEDBACK_COMMENT = 2_000;
