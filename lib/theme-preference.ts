import "server-only";
import { cookies } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { readAccountTheme } from "./account-theme";
import { log } from "./log";
import { parseTheme, THEME_COOKIE, type Theme } from "./theme";

/**
 * The one place the server learns the theme: the signed-in account's choice (every device agrees), else this
 * browser's cookie. The account is best effort: a page must still render while the database is down.
 */
export async function readThemePreference(): Promise<Theme> {
  const account = await readAccountTheme().catch((error) => {
    // Next.js signals "this page is dynamic" by throwing during the build; that is not a failure to read.
    unstable_rethrow(error);
    log.warn("theme.account_unreadable", { error });
    return null;
  });
  return account ?? parseTheme((await cookies()).get(THEME_COOKIE)?.value);
}
