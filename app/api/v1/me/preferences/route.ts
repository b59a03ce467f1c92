import { getPreferences, patchPreferences } from "@/lib/api/handlers/preferences";

export const GET = getPreferences;
export const PATCH = patchPreferences;
