import {
  Body1,
  Button,
  Card,
  CardHeader,
  Link,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Skeleton,
  SkeletonItem,
  Subtitle2,
  Text,
  tokens,
} from "@fluentui/react-components";
import { ArrowClockwiseRegular, OpenRegular } from "@fluentui/react-icons";
import { useEffect } from "react";
import type { ConsoleMe, ConsoleOverview, TenantView } from "../../server/api/consoleContract";
import type { AttentionReason } from "../../server/api/contract";
import { CopyLink } from "../taskpane/CopyLink";
import type { ConsoleApi } from "./consoleApi";
import { CrmOverviewCard } from "./CrmOverviewCard";
import { ErrorBar } from "./ErrorBar";
import { formatCount } from "./format";
import { outcomeLabels, reasonLabels, statusLabels, statusOrder } from "./labels";
import type { RunOutcome } from "./labels";
import { PageHeading } from "./PageHeading";
import { formatRoute, mailboxesRoute } from "./route";
import { StatusBadge } from "./StatusBadge";
import { TransportCard } from "./TransportCard";
import { TrendChart } from "./TrendChart";
import { useResource } from "./useResource";
import { useNavigate } from "./useRoute";

const useStyles = makeStyles({
  // Three columns on a wide screen (status, reasons, last hour; then consent and the two-column chart), two below.
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(3, minmax(0, 1fr))",
    gap: tokens.spacingHorizontalL,
    alignItems: "start",
    "@media (max-width: 1240px)": { gridTemplateColumns: "repeat(2, minmax(0, 1fr))" },
  },
  wide: { gridColumn: "span 2" },
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  row: { display: "flex", alignItems: "center", justifyContent: "space-between", gap: tokens.spacingHorizontalM, minHeight: "28px" },
  count: { fontVariantNumeric: "tabular-nums", fontWeight: tokens.fontWeightSemibold },
  big: { margin: 0, fontSize: tokens.fontSizeHero800, lineHeight: tokens.lineHeightHero800, fontWeight: tokens.fontWeightSemibold },
  outcomes: { margin: 0, display: "grid", gridTemplateColumns: "repeat(4, 1fr)", gap: tokens.spacingHorizontalS },
  outcome: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  failed: { color: tokens.colorPaletteRedForeground1 },
});

/** Reloads the overview every minute while it is open: support leaves it on a second screen. */
const refreshMs = 60_000;

function StatusCard({ overview }: { overview: ConsoleOverview }) {
  const styles = useStyles();
  const navigate = useNavigate();
  return (
    <Card>
      <CardHeader header={<Subtitle2 as="h3">Mailboxes by status</Subtitle2>} description={<Text>{formatCount(overview.total)} mailboxes in all</Text>} />
      <ul className={styles.list} aria-label="Mailboxes by status">
        {statusOrder.map((status) => (
          <li key={status} className={styles.row}>
            <Link
              href={formatRoute(mailboxesRoute({ status }))}
              onClick={(e) => {
                e.preventDefault();
                navigate(mailboxesRoute({ status }));
              }}
              aria-label={`${statusLabels[status]}: ${formatCount(overview.byStatus[status] ?? 0)} mailboxes`}
            >
              <StatusBadge status={status} />
            </Link>
            <span className={styles.count}>{formatCount(overview.byStatus[status] ?? 0)}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function ReasonCard({ overview }: { overview: ConsoleOverview }) {
  const styles = useStyles();
  const navigate = useNavigate();
  const reasons = (Object.entries(overview.byReason) as [AttentionReason, number][]).filter(([, n]) => n > 0).sort(([, a], [, b]) => b - a);
  return (
    <Card>
      <CardHeader header={<Subtitle2 as="h3">Needs attention, by reason</Subtitle2>} description={<Text>Open a reason to see its mailboxes and the fix</Text>} />
      {reasons.length === 0 ? (
        <Body1>No mailbox needs attention.</Body1>
      ) : (
        <ul className={styles.list} aria-label="Mailboxes in attention by reason">
          {reasons.map(([reason, n]) => (
            <li key={reason} className={styles.row}>
              <Link
                href={formatRoute(mailboxesRoute({ status: "attention", reason }))}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(mailboxesRoute({ status: "attention", reason }));
                }}
              >
                {reasonLabels[reason]}
              </Link>
              <span className={styles.count}>{formatCount(n)}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function LastHourCard({ overview }: { overview: ConsoleOverview }) {
  const styles = useStyles();
  const outcomes: RunOutcome[] = ["ok", "partial", "failed", "throttled"];
  const total = outcomes.reduce((n, o) => n + overview.lastHour[o], 0);
  return (
    <Card>
      <CardHeader header={<Subtitle2 as="h3">Syncs in the last hour</Subtitle2>} description={<Text>{formatCount(total)} runs ended</Text>} />
      <dl className={styles.outcomes}>
        {outcomes.map((o) => (
          <div key={o} className={styles.outcome}>
            <dt>
              <Text size={200}>{outcomeLabels[o]}</Text>
            </dt>
            <dd className={mergeClasses(styles.big, o === "failed" && overview.lastHour.failed > 0 && styles.failed)}>
              {formatCount(overview.lastHour[o])}
            </dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

function TrendCard({ overview }: { overview: ConsoleOverview }) {
  const styles = useStyles();
  return (
    <Card className={styles.wide}>
      <CardHeader header={<Subtitle2 as="h3">Failed syncs, last 24 hours</Subtitle2>} description={<Text>One bar an hour, oldest on the left</Text>} />
      <TrendChart trend={overview.trend} />
    </Card>
  );
}

function TenantCard({ tenant, isAdmin }: { tenant: TenantView; isAdmin: boolean }) {
  const styles = useStyles();
  return (
    <Card>
      <CardHeader header={<Subtitle2 as="h3">Tenant admin consent</Subtitle2>} description={<Text>{tenant.displayName ?? tenant.id}</Text>} />
      <div className={styles.stack}>
        {tenant.adminConsented ? (
          <MessageBar intent="success">
            <MessageBarBody>
              <MessageBarTitle>Granted</MessageBarTitle>
              An administrator consented for the whole organisation: mailboxes in Exchange Online can be activated with app-only access.
            </MessageBarBody>
          </MessageBar>
        ) : (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>Not granted</MessageBarTitle>
              Mass activation in Exchange Online needs a Global Administrator (or Privileged Role Administrator) to consent for the organisation.
              Reps can still set up sync for themselves.
            </MessageBarBody>
          </MessageBar>
        )}
        {isAdmin ? (
          <>
            <CopyLink label={tenant.adminConsented ? "Admin consent link (to consent again after new permissions)" : "Admin consent link: open it as a Global Administrator, or send it to one"} url={tenant.adminConsentUrl} />
            {!tenant.adminConsented ? (
              <div>
                {/* A new tab: the console stays open here, and Refresh shows the consent once Microsoft recorded it. */}
                <Button as="a" href={tenant.adminConsentUrl} target="_blank" rel="noopener" appearance="primary" icon={<OpenRegular />}>
                  Grant admin consent
                </Button>
              </div>
            ) : null}
          </>
        ) : (
          <Body1>A Sync.Admin of your organisation has the consent link on this page.</Body1>
        )}
      </div>
    </Card>
  );
}

function OverviewSkeleton() {
  const styles = useStyles();
  return (
    <div className={styles.grid} aria-busy="true" aria-label="Loading the overview">
      {[0, 1, 2].map((i) => (
        <Card key={i}>
          <Skeleton>
            <SkeletonItem size={16} />
            <SkeletonItem size={12} />
            <SkeletonItem size={12} />
            <SkeletonItem size={12} />
          </Skeleton>
        </Card>
      ))}
    </div>
  );
}

/** The landing screen: how the organisation's mailboxes are doing, and whether mass activation is possible. */
export function OverviewView({ api, me }: { api: ConsoleApi; me: ConsoleMe }) {
  const styles = useStyles();
  const overview = useResource("overview", () => api.overview());
  const { reload } = overview;
  useEffect(() => {
    const timer = setInterval(reload, refreshMs);
    return () => clearInterval(timer);
  }, [reload]);
  const o = overview.data;
  return (
    <>
      <PageHeading
        title="Overview"
        description={o ? `${o.tenant.displayName ?? "Your organisation"}: ${formatCount(o.total)} mailboxes` : "Your organisation's mailboxes at a glance"}
        actions={
          <Button icon={<ArrowClockwiseRegular />} onClick={reload} disabled={overview.loading}>
            Refresh
          </Button>
        }
      />
      {overview.error ? <ErrorBar title="The overview could not be loaded" message={overview.error} onRetry={reload} /> : null}
      {!o && !overview.error ? <OverviewSkeleton /> : null}
      {o ? (
        <div className={styles.grid}>
          <CrmOverviewCard crm={o.crm} isAdmin={me.isAdmin} />
          <StatusCard overview={o} />
          <ReasonCard overview={o} />
          <LastHourCard overview={o} />
          <TenantCard tenant={o.tenant} isAdmin={me.isAdmin} />
          <TransportCard key={o.tenant.transport} api={api} transport={o.tenant.transport} isAdmin={me.isAdmin} onChanged={reload} />
          <TrendCard overview={o} />
        </div>
      ) : null}
    </>
  );
}
