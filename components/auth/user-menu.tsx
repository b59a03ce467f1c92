import Link from "next/link";

/** The signed-in person's menu in the chat header. `logoutAction` is a server action passed by the page. */
export function UserMenu({
  username,
  isSuperuser,
  logoutAction,
}: {
  username: string;
  isSuperuser: boolean;
  logoutAction: () => Promise<void>;
}) {
  return (
    <div className="flex items-center gap-3 text-sm">
      <span className="font-medium">{username}</span>
      <Link href="/settings" className="underline-offset-2 hover:underline">
        Settings
      </Link>
      {isSuperuser ? (
        <Link href="/admin" className="underline-offset-2 hover:underline">
          Admin
        </Link>
      ) : null}
      <form action={logoutAction}>
        <button type="submit" className="underline-offset-2 hover:underline">
          Log out
        </button>
      </form>
    </div>
  );
}
