import type { CallLimiter } from "./callGuard";
import { callGuard } from "./callGuard";
import type { EwsEndpoint } from "./ews/ewsService";
import { createEwsService } from "./ews/ewsService";
import { EwsSource } from "./ews/ewsSource";
import { GraphSource } from "./graph/graphSource";
import type { MailboxSource } from "./mailboxSource";

/**
 * How a mailbox is reached, as decided from its provider and access kind: the caller (jobs/) gets the credentials,
 * this file alone knows which transport turns them into a source.
 */
export type SourceRoute =
  | { readonly transport: "ews"; readonly endpoint: EwsEndpoint; readonly accountKey: string }
  | {
      readonly transport: "graph";
      /** `/me` for a rep's own token, `/users/{address}` for app-only. */
      readonly userPath: string;
      readonly token: (refresh: boolean) => Promise<string>;
      /** Whose Graph budget the calls spend: the app in this tenant. */
      readonly budgetKey: string;
    };

export interface SourceSettings {
  readonly getItemBatch: number;
  readonly graphUrl: string;
  readonly timeoutMs: number;
  readonly calendar: { readonly backDays: number; readonly aheadDays: number };
  /** Shared by every mailbox: concurrent EWS calls per Exchange account. */
  readonly ewsLimiter: CallLimiter;
  /** Shared by every mailbox: concurrent Graph calls per app and tenant. */
  readonly graphLimiter: CallLimiter;
}

export function openSource(route: SourceRoute, s: SourceSettings, withBody: boolean): MailboxSource {
  if (route.transport === "ews") {
    return new EwsSource(createEwsService(route.endpoint), { getItemBatch: s.getItemBatch, withBody, call: callGuard({ limiter: s.ewsLimiter, accountKey: route.accountKey }) });
  }
  return new GraphSource({
    graphUrl: s.graphUrl,
    userPath: route.userPath,
    token: route.token,
    withBody,
    timeoutMs: s.timeoutMs,
    calendar: s.calendar,
    call: callGuard({ limiter: s.graphLimiter, accountKey: route.budgetKey, transport: "graph" }),
    maxInFlight: 4,
  });
}
