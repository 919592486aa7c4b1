/**
 * EWS response codes the simulator produces, with the message texts Exchange sends. Texts marked "real" were seen in
 * Microsoft documentation samples or public captures; the others follow responsecode.md's descriptions.
 */

export type ResponseCode =
  | "NoError"
  | "ErrorAccessDenied"
  | "ErrorExceededConnectionCount"
  | "ErrorFolderNotFound"
  | "ErrorImpersonateUserDenied"
  | "ErrorInternalServerError"
  | "ErrorInvalidExchangeImpersonationHeaderData"
  | "ErrorInvalidIdMalformed"
  | "ErrorInvalidPropertyRequest"
  | "ErrorInvalidRequest"
  | "ErrorInvalidServerVersion"
  | "ErrorInvalidSyncStateData"
  | "ErrorItemNotFound"
  | "ErrorMissingEmailAddress"
  | "ErrorNonExistentMailbox"
  | "ErrorMailboxMoveInProgress"
  | "ErrorSchemaValidation"
  | "ErrorServerBusy"
  | "ErrorSyncFolderNotFound";

/** One `t:Value Name="..."` entry (or a named element such as t:LineNumber) inside MessageXml. */
export type MessageXmlEntry =
  | { readonly kind: "value"; readonly name: string; readonly value: string }
  | { readonly kind: "element"; readonly name: string; readonly value: string }
  | { readonly kind: "fieldUri"; readonly fieldUri: string };

/** A per-response-message error (HTTP 200, ResponseClass="Error"). */
export interface ResponseError {
  readonly code: Exclude<ResponseCode, "NoError">;
  readonly message: string;
  readonly messageXml?: readonly MessageXmlEntry[];
}

export const TEXT = {
  /** real: davmail#161 capture */
  serverBusy: "The server cannot service this request right now. Try again later.",
  /** real: sample syncfolderitems-operation-03.xml */
  invalidSyncState: "Synchronization state data is corrupt or otherwise invalid.",
  /** real: sample syncfolderhierarchy-operation-03.xml (sic, "corrupted") */
  invalidHierarchySyncState: "Synchronization state data is corrupted or otherwise invalid.",
  /** real: common EXO capture */
  itemNotFound: "The specified object was not found in the store., The process failed to get the correct properties.",
  /** real: sample finditem-operation-03.xml */
  idMalformed: "Id is malformed.",
  /** real: sample getitem-operation-email-message-03.xml */
  invalidProperty: "Property is not valid for this object type.",
  /** Microsoft's ResponseCode documentation (ErrorMailboxMoveInProgress) */
  mailboxMoveInProgress: "The mailbox is being moved. Try again later.",
  /** real: many captures */
  nonExistentMailbox: "The SMTP address has no mailbox associated with it.",
  /** real: exchangelib/ews-managed-api captures */
  impersonateUserDenied: "The account does not have permission to impersonate the requested user.",
  /** real: ews-managed-api#245, exchangelib#735 */
  impersonationHeaderRequired: "ExchangeImpersonation SOAP header must be present for this type of OAuth token.",
  /** real: ews-managed-api#212, php-ews#525 */
  impersonationHeaderForbidden: "ExchangeImpersonation SOAP header must not exist for this type of OAuth token.",
  /** real: ews-managed-api#293 (two spaces as captured) */
  exceededConnectionCount: "You have exceeded the available concurrent connections for your account.  Try again once your other requests have completed.",
  /** real: the documented text of ErrorMissingEmailAddress */
  missingEmailAddress:
    "When making a request as an account that does not have a mailbox, you must specify the mailbox primary SMTP address for any distinguished folder Ids.",
  accessDenied: "Access is denied. Check credentials and try again.",
  folderNotFound: "The specified folder could not be found in the store.",
  invalidServerVersion: "The specified server version is invalid.",
  schemaValidation: "The request failed schema validation.",
  invalidImpersonationHeader: "The impersonation header is invalid: it must name a user with SmtpAddress, PrimarySmtpAddress, PrincipalName or SID.",
} as const;

/** "This operation exceeds the throttling budget ..." — EXO's budget texts (mustang#121, ews-managed-api#293). */
export function budgetText(policyPart: string, value: number, backOffMs: number): string {
  return `This operation exceeds the throttling budget for policy part '${policyPart}', policy value '${value}',  Budget type: 'Ews'.  Suggested backoff time ${backOffMs} ms.`;
}
