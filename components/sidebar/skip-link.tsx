"use client";

import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { MESSAGE_BOX_ID } from "@/components/chat/composer";

const MAIN_ID = "main-content";

/** The first Tab stop of the app shell: straight to the message box on a chat, else to the page's content. */
export function SkipLink() {
  const pathname = usePathname();
  const [toMessageBox, setToMessageBox] = useState(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the target depends on the page just shown.
  useEffect(() => {
    const hasMessageBox = document.getElementById(MESSAGE_BOX_ID) !== null;
    setToMessageBox(hasMessageBox);
    // The fallback target needs an id for the link to be a real in-page link.
    const main = document.querySelector("main");
    if (!hasMessageBox && main && !main.id) main.id = MAIN_ID;
  }, [pathname]);
  return (
    <a
      href={toMessageBox ? `#${MESSAGE_BOX_ID}` : `#${MAIN_ID}`}
      className="skip-link"
      onClick={(event) => {
        const target = document.getElementById(MESSAGE_BOX_ID) ?? document.querySelector("main");
        if (!target) return;
        event.preventDefault();
        if (!target.matches("textarea, input")) target.setAttribute("tabindex", "-1");
        target.focus();
      }}
    >
      {toMessageBox ? "Skip to message box" : "Skip to content"}
    </a>
  );
}
