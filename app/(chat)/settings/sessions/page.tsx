import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { formatDate } from "@/components/settings/format";
import { Button } from "@/components/ui/button";
import { listPrograms } from "@/lib/auth/account-security";
import { getCurrentUser } from "@/lib/auth/current-user";
import { describeDevice } from "@/lib/auth/device";
import { listActiveSessions } from "@/lib/db/sessions";
import { endOtherSessionsAction, endProgramAction, endSessionAction } from "../actions";

export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  // This device first: it is the one a person looks for.
  const [all, programs] = await Promise.all([listActiveSessions(user.id), listPrograms(user.id)]);
  const sessions = all.sort((a, b) => Number(b.id === user.sessionId) - Number(a.id === user.sessionId));
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Sessions</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Sessions end after 7 days without use, and 30 days after logging in at the latest.
      </p>
      <ul aria-label="Active sessions" className="flex flex-col divide-y divide-zinc-200 dark:divide-zinc-800">
        {sessions.map((session) => {
          const device = describeDevice(session.deviceInfo);
          const current = session.id === user.sessionId;
          return (
            <li
              key={session.id}
              aria-label={device}
              className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 py-3"
            >
              <div className="min-w-0 text-sm">
                <p className="font-medium" title={session.deviceInfo ?? undefined}>
                  {device}
                  {current ? (
                    <span className="ml-2 rounded bg-green-100 px-1.5 text-xs whitespace-nowrap text-green-800 dark:bg-green-950 dark:text-green-300">
                      This device
                    </span>
                  ) : null}
                </p>
                <p className="text-zinc-600 dark:text-zinc-400">
                  IP {session.ipAddress ?? "unknown"} · last seen {formatDate(session.lastSeenAt)} · signed in{" "}
                  {formatDate(session.createdAt)}
                  {session.signInMethod ? ` with ${session.signInMethod}` : null}
                </p>
              </div>
              <form action={endSessionAction}>
                <input type="hidden" name="sessionId" value={session.id} />
                <Button type="submit" variant="secondary">
                  Log out
                </Button>
              </form>
            </li>
          );
        })}
      </ul>
      <h2 className="text-lg font-semibold">Programs</h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Programs that signed in with your password through the API (not API keys, which are under API keys).
      </p>
      {programs.length === 0 ? <p className="text-sm">No program is signed in.</p> : null}
      <ul aria-label="Programs" className="flex flex-col divide-y divide-zinc-200 dark:divide-zinc-800">
        {programs.map((program) => (
          <li
            key={program.familyId}
            aria-label={`Program signed in ${formatDate(program.signedInAt)}`}
            className="flex items-center justify-between gap-4 py-3"
          >
            <p className="min-w-0 text-sm text-zinc-600 dark:text-zinc-400">
              Signed in {formatDate(program.signedInAt)} · last refreshed {formatDate(program.lastRefreshedAt)}
            </p>
            <form action={endProgramAction}>
              <input type="hidden" name="familyId" value={program.familyId} />
              <Button type="submit" variant="secondary">
                Log out
              </Button>
            </form>
          </li>
        ))}
      </ul>
      {sessions.length > 1 || programs.length > 0 ? (
        <form action={endOtherSessionsAction}>
          <Button type="submit" variant="danger">
            Log out of all other sessions
          </Button>
        </form>
      ) : null}
    </section>
  );
}
