import { CredentialsSignin } from "@auth/core/errors";

// What `authorize` throws; the login actions tell them apart with instanceof.

export class InvalidLogin extends CredentialsSignin {
  code = "invalid_login";
}

/** The database could not be reached: the password was not checked at all. */
export class DatabaseUnavailable extends CredentialsSignin {
  code = "unavailable";
}

/** The password is right but an admin has not yet approved the sign-up. */
export class AwaitingApproval extends CredentialsSignin {
  code = "pending_approval";
}

/** The password is right but the account must verify its email address first (allowed-domains sign-up). */
export class EmailNotVerified extends CredentialsSignin {
  code = "email_unverified";
}

/** Failed logins (or code guesses) for the account or the IP are over the limit. */
export class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
  constructor(readonly retryAfterSeconds: number) {
    super();
  }
}

/** The password was right and the account uses two-factor login: no session yet, only a login ticket. */
export class SecondFactorRequired extends CredentialsSignin {
  code = "second_factor_required";
  constructor(readonly ticket: string) {
    super();
  }
}

/** The authentication code or recovery code was wrong or already used. */
export class InvalidSecondFactor extends CredentialsSignin {
  code = "invalid_second_factor";
}

/** The login ticket expired (or the account changed since): start again with the password. */
export class LoginTicketExpired extends CredentialsSignin {
  code = "login_ticket_expired";
}

/** A passkey sign-in that could not be verified. */
export class InvalidPasskey extends CredentialsSignin {
  code = "invalid_passkey";
}

/** A right password or passkey of an account that must sign in through the provider (lib/auth/local-sign-in-policy). */
export class LocalSignInOff extends CredentialsSignin {
  code = "local_sign_in_off";
}
