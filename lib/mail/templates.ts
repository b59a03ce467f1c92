import type { MailMessage } from "./send";

export function verificationMail(to: string, link: string, isChange: boolean): MailMessage {
  return {
    to,
    subject: isChange ? "Confirm your new Parley email address" : "Verify your Parley email address",
    text: [
      isChange
        ? "Confirm this address for your Parley account by opening:"
        : "Welcome to Parley. Verify your email by opening:",
      "",
      link,
      "",
      "The link works once and expires in 24 hours. If you did not ask for this, ignore this email.",
    ].join("\n"),
  };
}

export function resetMail(to: string, link: string): MailMessage {
  return {
    to,
    subject: "Reset your Parley password",
    text: [
      "Someone asked to reset the password of your Parley account. To choose a new password, open:",
      "",
      link,
      "",
      "Setting a new password logs out every session and program signed in to your account and revokes every API key",
      "and passkey (create new ones afterwards).",
      "",
      "The link works once and expires in 1 hour. If it was not you, ignore this email: your password stays the same.",
    ].join("\n"),
  };
}
