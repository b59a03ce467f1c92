import type { ReactNode } from "react";
import ChatLayout from "../(chat)/layout";

/** Admin lives inside the app shell (sidebar, header, account menu) like every other signed-in page. */
export default function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <ChatLayout>
      <div className="min-h-0 flex-1 overflow-y-auto">{children}</div>
    </ChatLayout>
  );
}
