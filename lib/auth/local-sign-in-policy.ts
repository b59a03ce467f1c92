import "server-only";
import { getSignupSettings } from "./signup-settings";
import { configuredSsoProviders } from "./sso-providers";

// Admin → Sign-up → "Hide password login": once a sign-in provider is configured, the provider is the only way
// in for everyone but administrators. Hiding the form alone would leave the password working for whoever posts
// it (or calls the token endpoint), so someone removed at the provider would keep their Parley access. The
// refusal is server-side, for the login form, passkeys and the token endpoint alike. Administrators keep their
// password and passkeys (break-glass: the provider may be down or misconfigured, and the switch must not lock
// out whoever can turn it off again); their form is at /login?with=password.

/** Whether local sign-in (password, passkey, the token endpoint's password grant) is limited to administrators. */
export async function localSignInOff(): Promise<boolean> {
  if (configuredSsoProviders().length === 0) return false;
  return (await getSignupSettings()).hidePasswordLogin;
}

/** True when this account may not sign in with its password or passkey here (checked after they were verified). */
export async function localSignInRefused(user: { isSuperuser: boolean }): Promise<boolean> {
  return !user.isSuperuser && (await localSignInOff());
}

/** The query that shows administrators the password form while it is hidden from everyone else. */
export const BREAK_GLASS_PARAM = { name: "with", value: "password" } as const;

const WRONG_LOGIN = "Wrong email, username or password.";

function providerNames(): string {
  return configuredSsoProviders()
    .map((p) => `Sign in with ${p.name}`)
    .join(" or ");
}

/**
 * What a refused password login is told. While local sign-in is off, a wrong password and a right one that is
 * not allowed get the same words, so the answer does not confirm someone's password.
 */
export async function wrongLoginMessage(): Promise<string> {
  if (!(await localSignInOff())) return WRONG_LOGIN;
  return `Password login is off on this Parley: use ${providerNames()}. Administrators: check your email, username and password.`;
}

/** The token endpoint's equivalent: programs of accounts that sign in through a provider use API keys. */
export async function wrongTokenLoginMessage(): Promise<string> {
  if (!(await localSignInOff())) return WRONG_LOGIN;
  return "Wrong email, username or password, or password sign-in is off on this Parley: use an API key.";
}

export function passwordSignupOffMessage(): string {
  return `Sign-up with a password is off on this Parley: use ${providerNames()} instead.`;
}

export function passkeySignInOffMessage(): string {
  return `Passkey sign-in is off on this Parley: use ${providerNames()}. Administrators can still use their passkeys.`;
}
