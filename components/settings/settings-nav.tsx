"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/settings", label: "Profile" },
  { href: "/settings/password", label: "Password" },
  { href: "/settings/two-factor", label: "Two-factor authentication" },
  { href: "/settings/connected-accounts", label: "Connected accounts" },
  { href: "/settings/sessions", label: "Sessions" },
  { href: "/settings/api-keys", label: "API keys" },
  { href: "/settings/personalisation", label: "Personalisation" },
  { href: "/settings/shared-links", label: "Shared links" },
  { href: "/settings/usage", label: "Usage" },
  { href: "/settings/import", label: "Import" },
  { href: "/settings/activity", label: "Security log" },
  { href: "/settings/delete", label: "Delete account" },
];

export function SettingsNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="flex shrink-0 flex-row flex-wrap gap-1 md:w-44 md:flex-col">
      {LINKS.map((link) => (
        <Link
          key={link.href}
          href={link.href}
          aria-current={pathname === link.href ? "page" : undefined}
          className="rounded-md px-3 py-2 text-sm hover:bg-zinc-100 aria-[current=page]:bg-zinc-100 aria-[current=page]:font-semibold dark:hover:bg-zinc-800 dark:aria-[current=page]:bg-zinc-800"
        >
          {link.label}
        </Link>
      ))}
    </nav>
  );
}
