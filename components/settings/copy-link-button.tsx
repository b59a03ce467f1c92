"use client";

import { CopyButton } from "@/components/chat/copy-button";

/** CopyButton for server components, which cannot pass a function. */
export function CopyLinkButton({ url, label }: { url: string; label: string }) {
  return <CopyButton getText={() => url} label={label} showText={false} />;
}
