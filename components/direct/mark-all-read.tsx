"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { directApi } from "./api";

export function MarkAllRead() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  async function markAll() {
    setPending(true);
    setError(undefined);
    try {
      await directApi("/read", { method: "POST", body: {} });
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setPending(false);
    }
  }
  return (
    <div className="flex flex-col items-end gap-2">
      <Button variant="secondary" onClick={markAll} disabled={pending}>
        Mark all read
      </Button>
      <FormAlert message={error} />
    </div>
  );
}
