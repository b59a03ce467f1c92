import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { themeClassName } from "@/lib/theme";
import { readThemePreference } from "@/lib/theme-preference";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Parley", template: "%s · Parley" },
  description: "Self-hosted AI chat",
};

const LIGHT = "#ffffff";
const DARK = "#09090b";

export async function generateViewport(): Promise<Viewport> {
  const theme = await readThemePreference();
  return {
    width: "device-width",
    initialScale: 1,
    themeColor:
      theme === "system"
        ? [
            { media: "(prefers-color-scheme: light)", color: LIGHT },
            { media: "(prefers-color-scheme: dark)", color: DARK },
          ]
        : theme === "dark"
          ? DARK
          : LIGHT,
  };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request so that Next can put this request's CSP nonce on its scripts (proxy.ts).
  await connection();
  const theme = await readThemePreference();
  return (
    <html lang="en" className={themeClassName(theme)}>
      <body className="min-h-dvh font-sans">{children}</body>
    </html>
  );
}
