/** The colour theme a person chose: follow the device, or always light, or always dark. */
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_COOKIE = "parley-theme";
const ONE_YEAR_SECONDS = 60 * 60 * 24 * 365;

export const THEME_LABELS: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };

/**
 * Anything unknown (an old or tampered cookie) falls back to following the device. A plain check, not zod:
 * this module is also in the browser's bundle of every signed-in page, where zod would add about 36 KB.
 */
export function parseTheme(value: unknown): Theme {
  return THEMES.find((theme) => theme === value) ?? "system";
}

/**
 * The class on <html>: "light" or "dark" pins the theme, none follows `prefers-color-scheme` in CSS, so the
 * server renders the right colours for every choice and nothing flashes on load.
 */
export function themeClassName(theme: Theme): "light" | "dark" | undefined {
  return theme === "system" ? undefined : theme;
}

/** The Set-Cookie value the browser stores the choice in (readable by the server on the next request). */
export function themeCookie(theme: Theme): string {
  return `${THEME_COOKIE}=${theme}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax`;
}
