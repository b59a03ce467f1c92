"use client";

import { useCallback, useState } from "react";
import { type Theme, themeClassName, themeCookie } from "@/lib/theme";

/** Shows the theme at once (the class on <html>) and remembers it for the server's next render (a cookie). */
export function applyTheme(theme: Theme) {
  const root = document.documentElement;
  root.classList.remove("light", "dark");
  const pinned = themeClassName(theme);
  if (pinned) root.classList.add(pinned);
  // biome-ignore lint/suspicious/noDocumentCookie: a plain cookie is what the server reads before rendering.
  document.cookie = themeCookie(theme);
}

/**
 * The theme preference on the client. `initial` comes from the server (`readThemePreference`); `onSaved`
 * is where a per-account store can be plugged in.
 */
export function useTheme(initial: Theme, onSaved?: (theme: Theme) => void) {
  const [theme, setTheme] = useState<Theme>(initial);
  const choose = useCallback(
    (next: Theme) => {
      setTheme(next);
      applyTheme(next);
      onSaved?.(next);
    },
    [onSaved],
  );
  return { theme, choose };
}

/** Stores the choice on the account too, so the person's other devices follow it (best effort). */
export function saveThemeToAccount(theme: Theme) {
  void fetch("/api/v1/me/preferences", {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ theme }),
  }).catch(() => {});
}
