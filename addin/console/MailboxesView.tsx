import { Button, makeStyles, ProgressBar } from "@fluentui/react-components";
import { ArrowClockwiseRegular, ArrowDownloadRegular } from "@fluentui/react-icons";
import { useCallback, useEffect, useState } from "react";
import type { ConsoleMe, MailboxListQuery, MailboxListResponse } from "../../server/api/consoleContract";
import type { ConsoleApi } from "./consoleApi";
import { downloadBlob } from "./download";
import { ErrorBar } from "./ErrorBar";
import { formatCount } from "./format";
import { MailboxDrawer } from "./MailboxDrawer";
import { MailboxFilters } from "./MailboxFilters";
import { exportFileName, hasFilter, mailboxQueryString, pageCount, pageSize, parseMailboxQuery, rangeLabel, withPage } from "./mailboxQuery";
import { MailboxTable } from "./MailboxTable";
import { useNotify } from "./Notifier";
import { PageHeading } from "./PageHeading";
import { Pager } from "./Pager";
import { mailboxesRoute } from "./route";
import { AnswerCache, messageOf, useResource } from "./useResource";
import { useNavigate } from "./useRoute";

const useStyles = makeStyles({
  busy: { height: "2px", marginBottom: "-2px" },
  idle: { height: "2px", marginBottom: "-2px", visibility: "hidden" },
});

/** Pages seen in this session, per API client (a new sign-in starts empty): Back and Previous show them at once. */
const caches = new WeakMap<ConsoleApi, AnswerCache<MailboxListResponse>>();
function listCache(api: ConsoleApi): AnswerCache<MailboxListResponse> {
  let cache = caches.get(api);
  if (!cache) caches.set(api, (cache = new AnswerCache<MailboxListResponse>(40)));
  return cache;
}

/** Relative times ("5 min ago") move on while the list stays open. */
function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/**
 * Every mailbox of the organisation, 50 a page from the server, filtered and sorted there: the address holds the
 * filter, so the list is the same after a reload and Back undoes a filter. The next page is fetched ahead while the
 * person reads this one, and a page seen before shows at once.
 */
export function MailboxesView({ api, me, query, mailboxId }: { api: ConsoleApi; me: ConsoleMe; query: MailboxListQuery; mailboxId: string | null }) {
  const styles = useStyles();
  const navigate = useNavigate();
  const notify = useNotify();
  const now = useNow();
  const cache = listCache(api);
  const key = mailboxQueryString(query);
  const list = useResource(key, (signal) => api.mailboxes(query, signal), cache);
  const data = list.data;
  const page = query.page ?? 1;
  const pages = data ? pageCount(data.total, data.pageSize || pageSize) : 1;
  const [exporting, setExporting] = useState(false);

  const setQuery = useCallback((next: MailboxListQuery, options?: { replace?: boolean }) => navigate(mailboxesRoute(next, null), options), [navigate]);

  // Read ahead: the next page is in the cache before Next is pressed. The key is the query, written canonically.
  const nextKey = data && !list.loading && !list.stale && page < pages ? mailboxQueryString(withPage(query, page + 1)) : null;
  useEffect(() => {
    if (!nextKey || cache.get(nextKey)) return;
    const controller = new AbortController();
    api.mailboxes(parseMailboxQuery(nextKey), controller.signal).then(
      (answer) => cache.set(nextKey, answer),
      () => undefined, // a read-ahead that fails costs nothing: the page loads normally when asked for
    );
    return () => controller.abort();
  }, [nextKey, api, cache]);

  // A filter changed under a page that no longer exists (page 40 of 3): go to the last one.
  useEffect(() => {
    if (data && !list.loading && !list.stale && data.items.length === 0 && data.total > 0 && page > 1) {
      navigate(mailboxesRoute(withPage(query, pageCount(data.total, data.pageSize || pageSize)), mailboxId), { replace: true });
    }
  }, [data, list.loading, list.stale, page, query, mailboxId, navigate]);

  const exportCsv = async () => {
    setExporting(true);
    try {
      const blob = await api.exportMailboxes(query);
      downloadBlob(blob, exportFileName(query, new Date()));
      notify(hasFilter(query) ? "The filtered mailboxes were exported." : "All mailboxes were exported.", "success", "Export ready");
    } catch (err) {
      notify(messageOf(err), "error", "Export failed");
    } finally {
      setExporting(false);
    }
  };

  const { reload } = list;
  const onChanged = useCallback(() => {
    cache.clear();
    reload();
  }, [cache, reload]);

  /**
   * Back to the list, with focus on the mailbox's link, or (when an action took it out of this filter) on the list's
   * heading: never on nothing.
   */
  const closeDetails = (id: string) => {
    navigate(mailboxesRoute(query, null));
    requestAnimationFrame(() => {
      const target = document.querySelector<HTMLElement>(`[data-mailbox-id="${CSS.escape(id)}"]`) ?? document.querySelector<HTMLElement>("main h2");
      target?.focus();
    });
  };

  const description = data ? `${formatCount(data.total)} ${data.total === 1 ? "mailbox matches" : "mailboxes match"}${hasFilter(query) ? " these filters" : ""}` : "Loading…";

  return (
    <>
      <PageHeading
        title="Mailboxes"
        description={description}
        actions={
          <>
            <Button icon={<ArrowClockwiseRegular />} onClick={onChanged} disabled={list.loading}>
              Refresh
            </Button>
            <Button icon={<ArrowDownloadRegular />} onClick={() => void exportCsv()} disabled={exporting || !data || data.total === 0}>
              {exporting ? "Exporting…" : "Export CSV"}
            </Button>
          </>
        }
      />
      <MailboxFilters query={query} onChange={setQuery} />
      {list.error ? <ErrorBar title="The mailboxes could not be loaded" message={list.error} onRetry={list.reload} /> : null}
      <ProgressBar className={list.loading ? styles.busy : styles.idle} thickness="medium" aria-label="Loading mailboxes" aria-hidden={!list.loading} />
      {data ? (
        <>
          <MailboxTable
            rows={data.items}
            query={query}
            stale={list.stale}
            selectedId={mailboxId}
            now={now}
            onQuery={(next) => setQuery(next)}
            onOpen={(id) => navigate(mailboxesRoute(query, id))}
          />
          <Pager label="Mailbox pages" range={rangeLabel(data.total, page, data.pageSize || pageSize)} page={page} pages={pages} onPage={(p) => setQuery(withPage(query, p))} />
        </>
      ) : null}
      {mailboxId ? <MailboxDrawer api={api} me={me} mailboxId={mailboxId} onClose={() => closeDetails(mailboxId)} onChanged={onChanged} /> : null}
    </>
  );
}
