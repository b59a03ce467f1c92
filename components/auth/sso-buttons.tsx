import { Button } from "@/components/ui/button";

/** One "Sign in with <name>" button per configured provider; each posts to the sign-in action. */
export function SsoButtons({
  providers,
  action,
  callbackUrl,
  invite,
  verb = "Sign in",
}: {
  providers: { id: string; name: string }[];
  action: (formData: FormData) => Promise<void>;
  callbackUrl: string;
  invite?: string;
  /** "Sign in", or "Sign in again" where a signed-in person re-authenticates. */
  verb?: string;
}) {
  return (
    <div className="flex flex-col gap-2">
      {providers.map((provider) => (
        <form key={provider.id} action={action}>
          <input type="hidden" name="provider" value={provider.id} />
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          {invite ? <input type="hidden" name="invite" value={invite} /> : null}
          <Button type="submit" variant="secondary" className="w-full">
            {verb} with {provider.name}
          </Button>
        </form>
      ))}
    </div>
  );
}
