/**
 * ews-javascript-api (the client the product uses) pointed at a simulator. The XHR timeout is process-wide and must be
 * set through ConfigurationApi.ConfigureXHR, or a silent server hangs a call forever.
 */
import { XhrApi } from "@ewsjs/xhr";
import * as ews from "ews-javascript-api";

export { ews };

export function useXhr(timeoutMs = 15000, ntlm?: { username: string; password: string }): void {
  const xhr = new XhrApi({ timeout: timeoutMs });
  if (ntlm) xhr.useNtlmAuthentication(ntlm.username, ntlm.password);
  ews.ConfigurationApi.ConfigureXHR(xhr);
}

export function oauthService(ewsUrl: string, token: string, version = ews.ExchangeVersion.Exchange2013_SP1): ews.ExchangeService {
  const service = new ews.ExchangeService(version);
  service.Url = new ews.Uri(ewsUrl);
  service.Credentials = new ews.OAuthCredentials(token);
  return service;
}

/** App-only: impersonate the mailbox and anchor the request on it, as Microsoft requires. */
export function impersonating(service: ews.ExchangeService, smtp: string): ews.ExchangeService {
  service.ImpersonatedUserId = new ews.ImpersonatedUserId(ews.ConnectingIdType.SmtpAddress, smtp);
  service.HttpHeaders.Add("X-AnchorMailbox", smtp);
  return service;
}

export function basicService(ewsUrl: string, login: string, password: string, version = ews.ExchangeVersion.Exchange2013_SP1): ews.ExchangeService {
  const service = new ews.ExchangeService(version);
  service.Url = new ews.Uri(ewsUrl);
  service.Credentials = new ews.WebCredentials(login, password);
  return service;
}

/** Pages SyncFolderItems until IncludesLastItemInRange; returns every change and the final state. */
export async function syncAll(
  service: ews.ExchangeService,
  folder: ews.WellKnownFolderName,
  opts: { propertySet?: ews.PropertySet; pageSize?: number; syncState?: string } = {},
): Promise<{ changes: ews.ItemChange[]; syncState: string; calls: number }> {
  const changes: ews.ItemChange[] = [];
  let syncState = opts.syncState ?? "";
  let calls = 0;
  for (;;) {
    const page = await service.SyncFolderItems(
      new ews.FolderId(folder),
      opts.propertySet ?? ews.PropertySet.IdOnly,
      [],
      opts.pageSize ?? 512,
      ews.SyncFolderItemsScope.NormalItems,
      syncState,
    );
    calls++;
    const it = page.GetEnumerator();
    for (const change of it) changes.push(change);
    syncState = page.SyncState;
    if (!page.MoreChangesAvailable) return { changes, syncState, calls };
  }
}
