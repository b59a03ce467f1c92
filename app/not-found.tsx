import type { Metadata } from "next";
import Link from "next/link";
import { PRIMARY_ACTION, StatusPage } from "@/components/ui/status-page";

export const metadata: Metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <StatusPage
      code="404"
      title="This page does not exist"
      actions={
        <Link href="/" className={PRIMARY_ACTION}>
          Go to your chats
        </Link>
      }
    >
      The address may be mistyped, or what was here has been deleted.
    </StatusPage>
  );
}
