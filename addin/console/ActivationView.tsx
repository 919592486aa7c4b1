import {
  Button,
  Caption1,
  Card,
  Dropdown,
  Field,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Radio,
  RadioGroup,
  Spinner,
  Subtitle2,
  Text,
  tokens,
} from "@fluentui/react-components";
import { AddRegular } from "@fluentui/react-icons";
import { useState } from "react";
import type { ActivationAccess, ServiceAccountView } from "../../server/api/consoleContract";
import { ActivationJobPanel } from "./ActivationJobPanel";
import type { ConsoleApi } from "./consoleApi";
import type { CsvCheck } from "./csvUpload";
import { CommandLine } from "./CommandLine";
import { CsvDropZone } from "./CsvDropZone";
import { formatCount } from "./format";
import { PageHeading } from "./PageHeading";
import { RecentActivations } from "./RecentActivations";
import { formatRoute } from "./route";
import { messageOf, useResource } from "./useResource";
import { useNavigate } from "./useRoute";

const useStyles = makeStyles({
  card: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, maxWidth: "880px" },
  step: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  radioLabel: { display: "flex", flexDirection: "column" },
  indent: { marginLeft: "36px", display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, maxWidth: "520px" },
  start: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
});

type AccessChoice = "app_only" | "onprem_service_account";

function StartForm({ api }: { api: ConsoleApi }) {
  const styles = useStyles();
  const navigate = useNavigate();
  const overview = useResource("activation:overview", () => api.overview());
  const accounts = useResource<readonly ServiceAccountView[]>("activation:serviceAccounts", () => api.serviceAccounts());
  const [kind, setKind] = useState<AccessChoice>("app_only");
  const [accountId, setAccountId] = useState<string | null>(null);
  const [check, setCheck] = useState<CsvCheck | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const tenant = overview.data?.tenant ?? null;
  const accountList = accounts.data ?? [];
  const chosenAccount = accountList.find((a) => a.id === accountId) ?? null;
  const access: ActivationAccess | null = kind === "app_only" ? { kind } : chosenAccount ? { kind, serviceAccountId: chosenAccount.id } : null;
  const file = check?.ok ? check : null;
  const missing = !access ? "Choose the service account." : !file ? "Choose a CSV file." : null;

  const start = async () => {
    if (!access || !file) return;
    setStarting(true);
    setError(null);
    try {
      const job = await api.startActivation({ access, csv: file.csv, fileName: file.fileName });
      navigate({ view: "activation", jobId: job.id });
    } catch (err) {
      setError(messageOf(err));
      setStarting(false);
    }
  };

  const serviceAccountsRoute = { view: "serviceAccounts" } as const;
  return (
    <Card className={styles.card}>
      <section className={styles.step} aria-labelledby="activation-access-heading">
        <Subtitle2 as="h3" id="activation-access-heading">
          1. How CRM Sync reaches the mailboxes
        </Subtitle2>
        <RadioGroup value={kind} onChange={(_e, d) => setKind(d.value as AccessChoice)} aria-labelledby="activation-access-heading">
          <Radio
            value="app_only"
            label={
              <span className={styles.radioLabel}>
                <Text weight="semibold">Exchange Online, app-only access</Text>
                <Caption1>CRM Sync opens each mailbox with the organisation&apos;s consent; reps do nothing. Needs tenant admin consent.</Caption1>
              </span>
            }
          />
          {kind === "app_only" && tenant && !tenant.adminConsented ? (
            <div className={styles.indent}>
              <MessageBar intent="warning" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>Admin consent is missing</MessageBarTitle>
                  Without it Exchange Online refuses every mailbox. A Global Administrator grants it once for the organisation:{" "}
                  <Link href={tenant.adminConsentUrl} target="_blank" rel="noopener">
                    grant admin consent
                  </Link>
                  .
                </MessageBarBody>
              </MessageBar>
            </div>
          ) : null}
          {kind === "app_only" && tenant?.adminConsented ? (
            <div className={styles.indent}>
              <Caption1>Admin consent is granted for {tenant.displayName ?? "your organisation"}.</Caption1>
            </div>
          ) : null}
          <Radio
            value="onprem_service_account"
            label={
              <span className={styles.radioLabel}>
                <Text weight="semibold">Exchange Server on-premises, service account</Text>
                <Caption1>An account with the ApplicationImpersonation role opens each mailbox.</Caption1>
              </span>
            }
          />
          {kind === "onprem_service_account" ? (
            <div className={styles.indent}>
              {accounts.error ? <Text>{accounts.error}</Text> : null}
              {accounts.data && accountList.length === 0 ? (
                <Text>
                  No service account is set up yet.{" "}
                  <Link
                    href={formatRoute(serviceAccountsRoute)}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(serviceAccountsRoute);
                    }}
                  >
                    Add one under Service accounts
                  </Link>
                  .
                </Text>
              ) : (
                <Field label="Service account" required>
                  <Dropdown
                    placeholder={accounts.data ? "Choose a service account" : "Loading…"}
                    value={chosenAccount ? `${chosenAccount.name} (${chosenAccount.username})` : ""}
                    selectedOptions={accountId ? [accountId] : []}
                    onOptionSelect={(_e, d) => setAccountId(d.optionValue ?? null)}
                  >
                    {accountList.map((a) => (
                      <Option key={a.id} value={a.id} text={`${a.name} (${a.username})`}>
                        {`${a.name} (${a.username}) · ${formatCount(a.mailboxCount)} mailboxes`}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
              )}
            </div>
          ) : null}
        </RadioGroup>
      </section>

      <section className={styles.step} aria-labelledby="activation-file-heading">
        <Subtitle2 as="h3" id="activation-file-heading">
          2. The mailboxes
        </Subtitle2>
        <CsvDropZone
          check={check}
          disabled={starting}
          onChecked={(c) => {
            setCheck(c);
            setError(null);
          }}
        />
      </section>

      <section className={styles.step} aria-labelledby="activation-start-heading">
        <Subtitle2 as="h3" id="activation-start-heading">
          3. Start
        </Subtitle2>
        {error ? (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>The activation did not start</MessageBarTitle>
              {error}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        <div className={styles.start}>
          <Button appearance="primary" disabledFocusable={missing !== null || starting} onClick={() => void start()} icon={starting ? <Spinner size="tiny" /> : undefined}>
            {file ? `Activate ${formatCount(file.rows)} ${file.rows === 1 ? "mailbox" : "mailboxes"}` : "Activate mailboxes"}
          </Button>
          <Text>{missing ?? "Progress shows here as each mailbox is checked; you can leave the page and come back."}</Text>
        </div>
      </section>
      <CommandLine api={api} access={access} />
    </Card>
  );
}

/**
 * Mass activation (Sync.Admin): app-only access or an on-prem service account, a CSV of mailboxes, then the job's
 * progress live with each problem row explained, and the recent jobs.
 */
export function ActivationView({ api, jobId }: { api: ConsoleApi; jobId: string | null }) {
  const navigate = useNavigate();
  // The recent jobs are read again when the one on screen finishes, so its line there says Done too.
  const [finished, setFinished] = useState<string | null>(null);
  return (
    <>
      <PageHeading
        title="Mass activation"
        description="Switch on sync for many mailboxes at once, without each rep setting it up."
        actions={
          jobId ? (
            <Button icon={<AddRegular />} onClick={() => navigate({ view: "activation", jobId: null })}>
              Start another activation
            </Button>
          ) : undefined
        }
      />
      {jobId ? <ActivationJobPanel api={api} jobId={jobId} onFinished={() => setFinished(jobId)} /> : <StartForm api={api} />}
      <RecentActivations api={api} refreshKey={`${jobId ?? "new"}:${finished === jobId ? "done" : "running"}`} />
    </>
  );
}
