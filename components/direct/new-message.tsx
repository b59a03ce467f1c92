"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { directApi } from "./api";
import { DirectComposer } from "./composer";
import { RecipientField } from "./recipient-field";

/** A first message to someone; on success, their thread opens. Errors keep both fields as typed. */
export function NewDirectMessage() {
  const router = useRouter();
  const [to, setTo] = useState("");
  return (
    <div className="flex flex-col gap-3">
      <RecipientField value={to} onChange={setTo} />
      <DirectComposer
        label="Direct message"
        sendLabel="Send message"
        onSend={async (content) => {
          const recipient = to.trim();
          if (!recipient) throw new Error("Who is it for? Enter a username.");
          await directApi("", { method: "POST", body: { to: recipient, content } });
          router.push(`/direct/${encodeURIComponent(recipient)}`);
        }}
      />
    </div>
  );
}
