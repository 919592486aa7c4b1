import { Body1, Card, CardHeader, Link, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Subtitle2, Text, tokens } from "@fluentui/react-components";
import type { CrmOverview } from "../../server/api/crmContract";
import { crmStateIntent, crmStateLabels, crmStateMeaning } from "./crmText";
import { formatDateTime } from "./format";
import { formatRoute } from "./route";
import type { Route } from "./route";
import { useNavigate } from "./useRoute";

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

const crmPage: Route = { view: "crm", result: null };

/** The overview's word on the organisation's Salesforce: connected, or what stopped it and the fix. */
export function CrmOverviewCard({ crm, isAdmin }: { crm: CrmOverview; isAdmin: boolean }) {
  const styles = useStyles();
  const navigate = useNavigate();
  const ok = crm.state === "connected";
  const action = crm.state === "not_connected" ? "Connect Salesforce" : ok ? "Salesforce connection and checks" : "Reconnect Salesforce";
  return (
    <Card>
      <CardHeader header={<Subtitle2 as="h3">Salesforce</Subtitle2>} description={<Text>Where every mailbox logs its customer mail</Text>} />
      <div className={styles.stack}>
        <MessageBar intent={crmStateIntent[crm.state]} layout="multiline" role={ok ? undefined : "alert"}>
          <MessageBarBody>
            <MessageBarTitle>{crmStateLabels[crm.state]}</MessageBarTitle>
            {crm.problem ? crm.problem.fix : crmStateMeaning[crm.state]}
            {crm.problem?.pausedUntil ? ` Sync carries on by itself after ${formatDateTime(crm.problem.pausedUntil)}.` : ""}
          </MessageBarBody>
        </MessageBar>
        {isAdmin ? (
          <Link
            href={formatRoute(crmPage)}
            onClick={(e) => {
              e.preventDefault();
              navigate(crmPage);
            }}
          >
            {action}
          </Link>
        ) : ok ? null : (
          <Body1>A Sync.Admin of your organisation fixes this on the console's CRM page.</Body1>
        )}
      </div>
    </Card>
  );
}
