/** What a server action called from client code returns: its data, or a message to show. */
export type ActionResult<T = null> = { ok: true; data: T } | { ok: false; error: string };
