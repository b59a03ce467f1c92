"use client";

import Link from "next/link";
import { PRIMARY_ACTION, SECONDARY_ACTION, StatusPage } from "@/components/ui/status-page";

/** Anything a page throws lands here in Parley's look, with a way to retry; details stay in the server log. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StatusPage
      code="Error"
      title="Something went wrong"
      actions={
        <>
          <button type="button" onClick={reset} className={PRIMARY_ACTION}>
            Try again
          </button>
          <Link href="/" className={SECONDARY_ACTION}>
            Go to your chats
          </Link>
        </>
      }
    >
      <p>The page could not be shown. Try again, or go back to your chats.</p>
      {error.digest ? <p className="mt-2 font-mono text-xs">Reference: {error.digest}</p> : null}
    </StatusPage>
  );
}
