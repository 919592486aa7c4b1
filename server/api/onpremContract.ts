/** The sidebar's on-premises setup and the console's remembered company settings (request/response types). */

export interface OnpremConnectRequest {
  readonly email: string;
  readonly password: string;
  /** Shown after the automatic way failed: https://mail.company.com/EWS/Exchange.asmx */
  readonly ewsUrl?: string;
  /** DOMAIN\username or a UPN, when the email address is not the Windows sign-in name. */
  readonly username?: string;
  /** A host outside the address's domain that Autodiscover redirected to, confirmed by the rep. */
  readonly confirmHost?: string;
}

export type OnpremConnectResponse =
  | { readonly outcome: "connected"; readonly usedRemembered: boolean }
  /** The mailbox is in Exchange Online: the pane signs in with Microsoft instead. */
  | { readonly outcome: "online"; readonly message: string };

/** 422: the form stays, with the field that would help highlighted. */
export interface OnpremProblem {
  readonly error: "not_found" | "rejected";
  readonly field: "ewsUrl" | "username" | "password";
  readonly message: string;
  readonly unconfirmedHost?: string | null;
  /** Where Autodiscover looked and what each place answered, in Microsoft's order (a failed Autodiscover only). */
  readonly tried?: readonly { readonly at: string; readonly result: string }[];
}

export interface OnpremStartResponse {
  readonly email: string | null;
  /** A colleague already connected: the company's Exchange is known, the form needs only the password. */
  readonly remembered: boolean;
}

export interface OnpremPasswordRequest {
  readonly password: string;
}

export interface OnpremPasswordResponse {
  readonly outcome: "resumed";
}

export interface CompanySettingsView {
  readonly emailDomain: string;
  readonly ewsUrl: string;
  readonly authMethod: "ntlm" | "basic";
  readonly usernameFormat: string;
  readonly updatedAt: string;
}
