import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { readAccountTheme } from "@/lib/account-theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Parley", template: "%s · Parley" },
  description: "Self-hosted AI chat",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request so that Next can put this request's CSP nonce on its scripts (proxy.ts).
  await connection();
  const accountTheme = await readAccountTheme();
  return (
    <html lang="en" className={accountTheme === "light" || accountTheme === "dark" ? accountTheme : undefined}>
      <body className="min-h-dvh font-sans">{children}</body>
    </html>
  );
}
