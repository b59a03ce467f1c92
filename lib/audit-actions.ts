import { z } from "zod";

/** Every kind of audit event, with how the security log and /admin describe it. */
export const AUDIT_ACTIONS = {
  "auth.login": "Logged in",
  "auth.login_failed": "Failed login",
  "auth.login_throttled": "Login refused: too many attempts",
  "auth.token_issued": "A program signed in (token endpoint)",
  "auth.password_changed": "Password changed",
  "auth.password_set": "Password set (account made through a sign-in provider)",
  "auth.password_reset": "Password reset by email",
  "auth.email_change_requested": "Email change requested",
  "auth.api_key_created": "API key created",
  "auth.api_key_revoked": "API key revoked",
  "auth.session_revoked": "Session logged out",
  "auth.other_sessions_revoked": "All other sessions logged out",
  "auth.program_revoked": "Program logged out",
  "auth.account_deleted": "Account deleted",
  "auth.two_factor_enabled": "Two-factor authentication turned on",
  "auth.two_factor_disabled": "Two-factor authentication turned off",
  "auth.recovery_code_used": "Recovery code used to sign in",
  "auth.recovery_codes_regenerated": "New recovery codes made",
  "auth.second_factor_failed": "Wrong authentication code",
  "auth.passkey_added": "Passkey added",
  "auth.passkey_removed": "Passkey removed",
  "auth.sso_refused": "Single sign-on refused",
  "auth.sso_connected": "Sign-in provider connected",
  "auth.sso_disconnected": "Sign-in provider disconnected",
  "auth.sso_roles_changed": "Rights changed by the sign-in provider's groups",
  "admin.two_factor_requirement_changed": "Two-factor requirement changed",
  "admin.two_factor_reset": "Two-factor login reset by an admin",
  "admin.user_activated": "User activated",
  "admin.user_deactivated": "User deactivated",
  "admin.user_deleted": "User deleted",
  "admin.role_granted": "Role granted",
  "admin.role_removed": "Role removed",
  "admin.role_created": "Role created",
  "admin.role_deleted": "Role deleted",
  "admin.role_updated": "Role permissions changed",
  "admin.signup_settings_changed": "Sign-up settings changed",
  "admin.invite_created": "Invite link created",
  "admin.invite_revoked": "Invite link revoked",
  "admin.user_created": "Account created by an admin",
  "admin.user_approved": "Sign-up approved",
  "admin.user_rejected": "Sign-up rejected",
  "auth.signup": "Signed up",
  "admin.connection_added": "Model connection added",
  "admin.connection_updated": "Model connection changed",
  "admin.connection_removed": "Model connection removed",
  "admin.models_discovered": "Models discovered on a connection",
  "admin.model_added": "Model added by hand",
  "admin.model_updated": "Model settings changed",
  "admin.model_removed": "Model removed",
  "admin.default_model_changed": "Default model changed",
  "admin.mcp_server_added": "Tool server added",
  "admin.mcp_server_updated": "Tool server changed",
  "admin.mcp_server_removed": "Tool server removed",
  "admin.mcp_tools_listed": "Tool server's tools listed",
  "admin.mcp_tool_updated": "Tool settings changed",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as AuditAction[];

export function describeAuditAction(action: string): string {
  return (AUDIT_ACTIONS as Record<string, string>)[action] ?? action;
}

/** The /admin audit filters, from the query string. */
export const AuditFilterSchema = z.object({
  action: z
    .union([z.enum(AUDIT_ACTION_NAMES as [AuditAction, ...AuditAction[]]), z.enum(["auth.", "admin."]), z.literal("")])
    .catch(""),
  user: z.string().trim().max(320).catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
