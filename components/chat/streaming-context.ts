"use client";

import { createContext } from "react";

/** Whether the Markdown being rendered belongs to a reply that is still streaming (diagrams wait for the end). */
export const StreamingContext = createContext(false);
