/**
 * The "Add service account" form: what the admin typed, checked field by field before the server makes its real call
 * to Exchange (which can take seconds), so a typo is named at once and next to its field.
 */
import type { CreateServiceAccountRequest, UpdateServiceAccountPasswordRequest } from "../../server/api/consoleContract";

export interface ServiceAccountFormValues {
  readonly name: string;
  readonly username: string;
  readonly password: string;
  readonly authMethod: "ntlm" | "basic";
  readonly ewsUrl: string;
  /** Where to run Autodiscover when no EWS URL is given (a host or URL); empty: the test mailbox's domain. */
  readonly autodiscoverHost: string;
  readonly testMailbox: string;
}

export type ServiceAccountField = keyof ServiceAccountFormValues;

export const emptyServiceAccountForm: ServiceAccountFormValues = { name: "", username: "", password: "", authMethod: "ntlm", ewsUrl: "", autodiscoverHost: "", testMailbox: "" };

export type ServiceAccountFormCheck =
  | { readonly ok: true; readonly request: CreateServiceAccountRequest }
  | { readonly ok: false; readonly errors: Readonly<Partial<Record<ServiceAccountField, string>>> };

const emailPattern = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;
/** DOMAIN\username (NetBIOS domain) or a UPN. */
const downLevelPattern = /^[^\\/\s:*?"<>|]+\\[^\\/\s@"[\]:;|=,+*?<>]+$/;

export function checkServiceAccountForm(values: ServiceAccountFormValues): ServiceAccountFormCheck {
  const errors: Partial<Record<ServiceAccountField, string>> = {};
  const name = values.name.trim();
  const username = values.username.trim();
  const ewsUrl = values.ewsUrl.trim();
  const autodiscoverHost = ewsUrl ? "" : values.autodiscoverHost.trim();
  const testMailbox = values.testMailbox.trim();

  if (!name) errors.name = "Enter a name that says which Exchange organisation this account is for, like “Contoso on-premises”.";
  else if (name.length > 100) errors.name = "Keep the name to 100 characters.";

  if (!username) errors.username = "Enter the account as DOMAIN\\username (or username@domain).";
  else if (!downLevelPattern.test(username) && !emailPattern.test(username)) {
    errors.username = username.includes("/")
      ? "Use a backslash between domain and user: DOMAIN\\username."
      : "Enter the account as DOMAIN\\username (or username@domain).";
  }

  if (!values.password) errors.password = "Enter the account's password.";

  if (ewsUrl) {
    let url: URL | null = null;
    try {
      url = new URL(ewsUrl);
    } catch {
      url = null;
    }
    if (!url || !["https:", "http:"].includes(url.protocol)) {
      errors.ewsUrl = "Enter the full EWS address, like https://mail.contoso.com/EWS/Exchange.asmx, or leave it empty to use Autodiscover.";
    }
  }

  if (autodiscoverHost && !/^(https?:\/\/)?[a-z0-9.-]+(:\d+)?(\/\S*)?$/i.test(autodiscoverHost)) {
    errors.autodiscoverHost = "Enter a host name like mail.contoso.com (or an address starting with https://), or leave it empty.";
  }

  const mailboxError = testMailboxError(testMailbox);
  if (mailboxError) errors.testMailbox = mailboxError;

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    request: { name, username, password: values.password, authMethod: values.authMethod, ...(ewsUrl ? { ewsUrl } : {}), ...(autodiscoverHost ? { autodiscoverHost } : {}), testMailbox },
  };
}

function testMailboxError(testMailbox: string): string | null {
  if (!testMailbox) return "Enter a mailbox the account should be able to open: it is tried before the account is saved.";
  if (!emailPattern.test(testMailbox)) return "Enter the test mailbox as an address, like adele@contoso.com.";
  return null;
}

export type PasswordFormCheck =
  | { readonly ok: true; readonly request: UpdateServiceAccountPasswordRequest }
  | { readonly ok: false; readonly errors: Readonly<Partial<Record<"password" | "testMailbox", string>>> };

/** "Update password" after the account's password changed in Active Directory: the new one is tried before it is kept. */
export function checkPasswordForm(values: { readonly password: string; readonly testMailbox: string }): PasswordFormCheck {
  const errors: Partial<Record<"password" | "testMailbox", string>> = {};
  if (!values.password) errors.password = "Enter the account's new password.";
  const mailboxError = testMailboxError(values.testMailbox.trim());
  if (mailboxError) errors.testMailbox = mailboxError;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, request: { password: values.password, testMailbox: values.testMailbox.trim() } };
}
