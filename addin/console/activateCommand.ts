import type { ActivationAccess } from "../../server/api/consoleContract";

/** The same activation from a terminal: `npm run activate` with the access chosen above. */
export function activateCommand(origin: string, access: ActivationAccess | null): string {
  const account = access?.kind === "onprem_service_account" ? ` --service-account ${access.serviceAccountId}` : "";
  return `SYNC_API_TOKEN=<your token> npm run activate -- mailboxes.csv --server ${origin}${account}`;
}
