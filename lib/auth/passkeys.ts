import "server-only";
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { z } from "zod";
import { recordAudit } from "../audit";
import {
  consumeChallenge,
  createPasskey,
  findPasskeyByCredentialId,
  listPasskeyDescriptors,
  recordPasskeyUse,
  saveChallenge,
} from "../db/passkeys";
import { AppError } from "../errors";
import { log } from "../log";
import { appOrigin } from "./request-info";

const CHALLENGE_TTL_MS = 5 * 60_000;
const RP_NAME = "Parley";

/**
 * Where passkeys are valid: APP_URL's origin, and the origin a request came from when that is localhost (local
 * use and tests). The browser binds each passkey to the host name, so a look-alike site gets nothing usable.
 */
export function relyingParty(requestOrigin: string | null): { origin: string; rpID: string } {
  const configured = appOrigin();
  if (requestOrigin) {
    const url = URL.canParse(requestOrigin) ? new URL(requestOrigin) : null;
    if (url && (url.origin === configured || url.hostname === "localhost")) {
      return { origin: url.origin, rpID: url.hostname };
    }
  }
  return { origin: configured, rpID: new URL(configured).hostname };
}

// The browser's answers, checked for shape and size; @simplewebauthn verifies their content.
const CredentialSchema = z
  .object({
    id: z.string().min(1).max(1024),
    rawId: z.string().min(1).max(1024),
    type: z.literal("public-key"),
    response: z.record(z.string(), z.unknown()),
    clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
    authenticatorAttachment: z.string().max(32).optional(),
  })
  .passthrough();

export function parseCredentialJson(raw: unknown): z.infer<typeof CredentialSchema> | null {
  if (typeof raw !== "string" || raw.length > 64_000) return null;
  try {
    const parsed = CredentialSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function passkeyRegistrationOptions(
  user: { id: string; username: string },
  requestOrigin: string | null,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { rpID } = relyingParty(requestOrigin);
  const existing = await listPasskeyDescriptors(user.id);
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID,
    userName: user.username,
    userID: new TextEncoder().encode(user.id),
    attestationType: "none",
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports?.split(",") })),
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
  });
  await saveChallenge({ userId: user.id, purpose: "register", challenge: options.challenge, ttlMs: CHALLENGE_TTL_MS });
  return options;
}

export async function registerPasskey(input: {
  userId: string;
  name: string;
  credentialJson: unknown;
  requestOrigin: string | null;
  ip: string;
}) {
  const response = parseCredentialJson(input.credentialJson);
  if (!response) throw new AppError("validation:passkey", { message: "The browser's answer could not be read." });
  const { origin, rpID } = relyingParty(input.requestOrigin);
  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verification = await verifyRegistrationResponse({
      response: response as unknown as RegistrationResponseJSON,
      expectedChallenge: (challenge) => consumeChallenge({ challenge, purpose: "register", userId: input.userId }),
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: false,
    });
  } catch (error) {
    log.info("auth.passkey_register_failed", { userId: input.userId, error });
    throw new AppError("validation:passkey", { message: "The passkey could not be verified. Try again." });
  }
  if (!verification.verified) {
    throw new AppError("validation:passkey", { message: "The passkey could not be verified. Try again." });
  }
  const { credential } = verification.registrationInfo;
  const passkey = await createPasskey({
    userId: input.userId,
    name: input.name,
    credentialId: credential.id,
    publicKey: credential.publicKey,
    counter: credential.counter,
    transports: credential.transports ?? [],
  });
  await recordAudit({
    action: "auth.passkey_added",
    actorId: input.userId,
    subjectId: input.userId,
    ip: input.ip,
    details: { name: input.name },
  });
  return passkey;
}

/** Options for signing in with any passkey of this site (the person is not known yet). */
export async function passkeyLoginOptions(
  requestOrigin: string | null,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { rpID } = relyingParty(requestOrigin);
  const options = await generateAuthenticationOptions({ rpID, userVerification: "preferred" });
  await saveChallenge({ userId: null, purpose: "login", challenge: options.challenge, ttlMs: CHALLENGE_TTL_MS });
  return options;
}

/** The account a passkey assertion proves, or null; its challenge is used up either way. */
export async function verifyPasskeyLogin(input: { credentialJson: unknown; requestOrigin: string | null }) {
  const response = parseCredentialJson(input.credentialJson);
  if (!response) return null;
  const passkey = await findPasskeyByCredentialId(response.id);
  if (!passkey?.user.isActive || passkey.user.deletedAt) {
    log.info("auth.passkey_login_failed", { reason: "unknown_credential" });
    return null;
  }
  const { origin, rpID } = relyingParty(input.requestOrigin);
  try {
    const verification = await verifyAuthenticationResponse({
      response: response as unknown as AuthenticationResponseJSON,
      expectedChallenge: (challenge) => consumeChallenge({ challenge, purpose: "login", userId: null }),
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: Number(passkey.counter),
        transports: passkey.transports?.split(","),
      },
      requireUserVerification: false,
    });
    if (!verification.verified) return null;
    await recordPasskeyUse({ id: passkey.id, counter: verification.authenticationInfo.newCounter });
    return passkey.user;
  } catch (error) {
    log.info("auth.passkey_login_failed", { userId: passkey.userId, error });
    return null;
  }
}
