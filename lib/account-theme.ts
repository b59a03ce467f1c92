import "server-only";
import { getCurrentUser } from "./auth/current-user";
import type { Theme } from "./db/preference-limits";
import { getPreferences } from "./db/preferences";

/**
 * The theme stored on the signed-in account (settings → Personalisation, or the account menu), or null when
 * nobody is signed in or the account never chose one: then the device's own choice applies.
 */
export async function readAccountTheme(): Promise<Theme | null> {
  const user = await getCurrentUser();
  if (!user) return null;
  return (await getPreferences(user.id)).theme;
}
