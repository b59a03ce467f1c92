import Link from "next/link";

export function DirectMessagesLink({ unread }: { unread: number }) {
  return (
    <Link href="/direct" className="flex items-center gap-1.5 underline-offset-2 hover:underline">
      Direct messages
      {unread > 0 ? (
        <span className="rounded-full bg-blue-600 px-1.5 text-xs font-semibold text-white">
          {unread}
          <span className="sr-only"> unread</span>
        </span>
      ) : null}
    </Link>
  );
}
