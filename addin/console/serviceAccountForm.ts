/**
 * The "Add service account" form: what the admin typed, checked field by field before the server makes its real call
 * to Exchange (which can take seconds), so a typo is named at once and next to its field.
 */
import type { CreateServiceAccountRequest } from "../../server/api/consoleContract";

export interface ServiceAccountFormValues {
  readonly name: string;
  readonly username: string;
  readonly password: string;
  readonly authMethod: "ntlm" | "basic";
  readonly ewsUrl: string;
  readonly testMailbox: string;
}

export type ServiceAccountField = keyof ServiceAccountFormValues;

export const emptyServiceAccountForm: ServiceAccountFormValues = { name: "", username: "", password: "", authMethod: "ntlm", ewsUrl: "", testMailbox: "" };

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

  if (!testMailbox) errors.testMailbox = "Enter a mailbox the account should be able to open: it is tried before the account is saved.";
  else if (!emailPattern.test(testMailbox)) errors.testMailbox = "Enter the test mailbox as an address, like adele@contoso.com.";

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    request: { name, username, password: values.password, authMethod: values.authMethod, ...(ewsUrl ? { ewsUrl } : {}), testMailbox },
  };
}
