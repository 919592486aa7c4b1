import { makeStyles, MessageBar, MessageBarBody, NavDrawer, NavDrawerBody, NavItem, NavSectionHeader, Spinner, tokens } from "@fluentui/react-components";
import { ArrowUploadRegular, BuildingRegular, HistoryRegular, HomeRegular, MailMultipleRegular, PersonKeyRegular, PlugConnectedRegular } from "@fluentui/react-icons";
import type { ReactElement } from "react";
import { lazy, Suspense, useEffect, useRef } from "react";
import type { ConsoleMe } from "../../server/api/consoleContract";
import type { ConsoleApi } from "./consoleApi";
import { Notifier } from "./Notifier";
import { OverviewView } from "./OverviewView";
import { FocusHeadingOnMount } from "./PageHeading";
import type { Route, View } from "./route";
import { adminViews, formatRoute, viewTitles } from "./route";
import { NavigateContext, useHashRoute } from "./useRoute";

// Each screen loads when first opened; the overview (the landing screen) comes with the shell.
const MailboxesView = lazy(() => import(/* webpackChunkName: "console.mailboxes", webpackPrefetch: true */ "./MailboxesView.js").then((m) => ({ default: m.MailboxesView })));
const ActivationView = lazy(() => import(/* webpackChunkName: "console.activation" */ "./ActivationView.js").then((m) => ({ default: m.ActivationView })));
const ServiceAccountsView = lazy(() => import(/* webpackChunkName: "console.serviceAccounts" */ "./ServiceAccountsView.js").then((m) => ({ default: m.ServiceAccountsView })));
const CompanyExchangeView = lazy(() => import(/* webpackChunkName: "console.companyExchange" */ "./CompanyExchangeView.js").then((m) => ({ default: m.CompanyExchangeView })));
const CrmView = lazy(() => import(/* webpackChunkName: "console.crm" */ "./CrmView.js").then((m) => ({ default: m.CrmView })));
const AuditView = lazy(() => import(/* webpackChunkName: "console.audit" */ "./AuditView.js").then((m) => ({ default: m.AuditView })));

const useStyles = makeStyles({
  body: { flexGrow: 1, display: "flex", minHeight: 0 },
  // The nav's column (and its background) runs the page's full height; the nav itself stays in view while a long
  // screen scrolls. The background is the NavDrawer's own.
  navColumn: { flexShrink: 0, width: "232px", backgroundColor: tokens.colorNeutralBackground4 },
  nav: { position: "sticky", top: 0, width: "100%" },
  content: { flexGrow: 1, minWidth: 0, padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXXL}`, maxWidth: "1320px", boxSizing: "border-box" },
  loading: { padding: tokens.spacingVerticalXXL },
});

const navIcons: Readonly<Record<View, ReactElement>> = {
  overview: <HomeRegular />,
  mailboxes: <MailMultipleRegular />,
  activation: <ArrowUploadRegular />,
  serviceAccounts: <PersonKeyRegular />,
  companyExchange: <BuildingRegular />,
  audit: <HistoryRegular />,
  crm: <PlugConnectedRegular />,
};

/** Where a nav item leads: the screen's start (a mailbox list without the last filter, say). */
const navTargets: Readonly<Record<View, Route>> = {
  overview: { view: "overview" },
  mailboxes: { view: "mailboxes", query: {}, mailboxId: null },
  activation: { view: "activation", jobId: null },
  serviceAccounts: { view: "serviceAccounts" },
  companyExchange: { view: "companyExchange" },
  audit: { view: "audit", page: 1 },
  crm: { view: "crm", result: null },
};

function Screen({ route, me, api }: { route: Route; me: ConsoleMe; api: ConsoleApi }) {
  if (adminViews.includes(route.view) && !me.isAdmin) {
    return (
      <MessageBar intent="info">
        <MessageBarBody>{viewTitles[route.view]} is for people with the Sync.Admin role. Ask your administrator if you need it.</MessageBarBody>
      </MessageBar>
    );
  }
  switch (route.view) {
    case "overview":
      return <OverviewView api={api} me={me} />;
    case "mailboxes":
      return <MailboxesView api={api} me={me} query={route.query} mailboxId={route.mailboxId} />;
    case "activation":
      return <ActivationView api={api} jobId={route.jobId} />;
    case "serviceAccounts":
      return <ServiceAccountsView api={api} />;
    case "companyExchange":
      return <CompanyExchangeView api={api} />;
    case "audit":
      return <AuditView api={api} page={route.page} />;
    case "crm":
      return <CrmView api={api} result={route.result} />;
  }
}

/** The console for a signed-in Sync.Admin or Sync.Support: navigation on the left, the chosen screen on the right. */
export function ConsoleShell({ me, api }: { me: ConsoleMe; api: ConsoleApi }) {
  const styles = useStyles();
  const [route, navigate] = useHashRoute();
  const views: View[] = ["overview", "mailboxes", ...(me.isAdmin ? (["crm", "activation", "serviceAccounts"] as const) : []), "companyExchange", "audit"];
  // Screens that mount after the first one put focus on their heading (PageHeading): the first keeps focus natural.
  const focusHeadings = useRef(false);
  useEffect(() => {
    focusHeadings.current = true;
  }, []);
  return (
    <NavigateContext.Provider value={navigate}>
      <FocusHeadingOnMount.Provider value={focusHeadings}>
        <Notifier>
          <div className={styles.body}>
            <div className={styles.navColumn}>
              <NavDrawer open type="inline" className={styles.nav} selectedValue={route.view} aria-label="Console sections">
                <NavDrawerBody>
                  <NavSectionHeader>{me.isAdmin ? "Sync administrator" : "Sync support"}</NavSectionHeader>
                  {views.map((v) => (
                    <NavItem
                      key={v}
                      value={v}
                      href={formatRoute(navTargets[v])}
                      icon={navIcons[v]}
                      onClick={(e) => {
                        e.preventDefault();
                        navigate(navTargets[v]);
                      }}
                    >
                      {viewTitles[v]}
                    </NavItem>
                  ))}
                </NavDrawerBody>
              </NavDrawer>
            </div>
            <main className={styles.content} aria-label={viewTitles[route.view]}>
              <Suspense fallback={<Spinner className={styles.loading} label={`Opening ${viewTitles[route.view].toLowerCase()}…`} />}>
                <Screen route={route} me={me} api={api} />
              </Suspense>
            </main>
          </div>
        </Notifier>
      </FocusHeadingOnMount.Provider>
    </NavigateContext.Provider>
  );
}
