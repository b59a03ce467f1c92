// The browser side of the direct-messages REST API (the session cookie authenticates it).

export interface DirectMessageData {
  id: string;
  from: string;
  to: string;
  content: string;
  parent_id: string | null;
  parent: { id: string; from: string; content: string } | null;
  read_at: string | null;
  created_at: string;
}

export class DirectApiError extends Error {}

export async function directApi<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/direct-messages${path}`, {
      method: init.method ?? "GET",
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new DirectApiError("Could not reach Parley. Check your connection and try again.");
  }
  if (response.status === 204) return undefined as T;
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new DirectApiError(data?.error?.message ?? "Something went wrong. Try again.");
  return data as T;
}
