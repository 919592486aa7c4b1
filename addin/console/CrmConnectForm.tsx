import { Button, Checkbox, Field, Input, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Radio, RadioGroup, Spinner, tokens } from "@fluentui/react-components";
import { PlugConnectedRegular } from "@fluentui/react-icons";
import type { ReactNode } from "react";
import { useState } from "react";
import { CopyLink } from "../taskpane/CopyLink";
import type { ConsoleApi } from "./consoleApi";
import type { CrmConnectField, CrmConnectFormValues } from "./crmConnectForm";
import { checkCrmConnectForm, emptyCrmConnectForm } from "./crmConnectForm";
import type { CrmStatus } from "../../server/api/crmContract";
import { messageOf } from "./useResource";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, maxWidth: "640px" },
  fields: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  // The own app's fields belong to the checkbox above them.
  indent: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, paddingLeft: tokens.spacingHorizontalXXL },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

/** Where Salesforce sends the admin back: the URL their own External Client App must list as its callback. */
function callbackUrl(): string {
  return `${location.origin}/api/crm/salesforce/callback`;
}

/**
 * Connect (or reconnect) Salesforce: the web server flow to production, sandbox or My Domain, optionally with the org's
 * own External Client App, or client credentials for an Integration User. The web server flow leaves for Salesforce's
 * login page; Salesforce sends the browser back to this page with the outcome.
 */
export function CrmConnectForm({
  api,
  initial = emptyCrmConnectForm,
  intro,
  onConnected,
  onCancel,
}: {
  api: ConsoleApi;
  initial?: CrmConnectFormValues;
  intro?: ReactNode;
  /** Client credentials connect without leaving the page: the new connection. */
  onConnected: (status: CrmStatus) => void;
  onCancel?: () => void;
}) {
  const styles = useStyles();
  const [values, setValues] = useState<CrmConnectFormValues>(initial);
  const [errors, setErrors] = useState<Partial<Record<CrmConnectField, string>>>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"leaving" | "connecting" | null>(null);

  const set = <K extends keyof CrmConnectFormValues>(key: K, value: CrmConnectFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    // A field's message goes when it is edited; every message goes when the choice above changes what is asked.
    if (key === "myDomain" || key === "clientId" || key === "clientSecret") setErrors((e) => ({ ...e, [key]: undefined }));
    else setErrors({});
  };
  const field = (name: CrmConnectField) => ({ validationMessage: errors[name], validationState: errors[name] ? ("error" as const) : ("none" as const) });

  const submit = async () => {
    const check = checkCrmConnectForm(values);
    setServerError(null);
    if (!check.ok) {
      setErrors(check.errors);
      // The first field to fix gets focus, so a keyboard user lands on it and hears its message.
      const first = (["myDomain", "clientId", "clientSecret"] as const).find((f) => check.errors[f]);
      if (first) document.querySelector<HTMLInputElement>(`[data-crm-field="${first}"]`)?.focus();
      return;
    }
    setErrors({});
    try {
      if (check.kind === "web_server") {
        setBusy("leaving");
        const { authorizeUrl } = await api.connectCrm(check.request);
        // Salesforce's login and Allow pages, then the server's callback, which brings the browser back to #/crm.
        window.location.assign(authorizeUrl);
        return;
      }
      setBusy("connecting");
      const status = await api.connectCrmClientCredentials(check.request);
      setBusy(null);
      onConnected(status);
    } catch (err) {
      setBusy(null);
      setServerError(messageOf(err));
    }
  };

  const ownApp = values.method === "client_credentials" || values.ownApp;
  return (
    <form
      className={styles.form}
      noValidate
      aria-label="Connect Salesforce"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {intro}
      {serverError ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Salesforce could not be connected</MessageBarTitle>
            {serverError}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <Field label="How CRM Sync signs in to Salesforce">
        <RadioGroup value={values.method} onChange={(_e, d) => set("method", d.value as CrmConnectFormValues["method"])}>
          <Radio value="web_server" label="As a Salesforce user: you sign in at Salesforce and allow access" />
          <Radio value="client_credentials" label="As an Integration User: client credentials of your org's own External Client App" />
        </RadioGroup>
      </Field>
      {values.method === "web_server" ? (
        <Field label="Salesforce login">
          <RadioGroup value={values.login} onChange={(_e, d) => set("login", d.value as CrmConnectFormValues["login"])}>
            <Radio value="production" label="Production (login.salesforce.com)" />
            <Radio value="sandbox" label="Sandbox (test.salesforce.com)" />
            <Radio value="my_domain" label="My Domain" />
          </RadioGroup>
        </Field>
      ) : null}
      {values.method === "client_credentials" || values.login === "my_domain" ? (
        <Field label="My Domain address" required hint="Setup → My Domain shows it." {...field("myDomain")}>
          <Input data-crm-field="myDomain" value={values.myDomain} onChange={(_e, d) => set("myDomain", d.value)} placeholder="https://acme.my.salesforce.com" spellCheck={false} autoComplete="off" />
        </Field>
      ) : null}
      {values.method === "web_server" ? (
        <Checkbox
          checked={values.ownApp}
          onChange={(_e, d) => set("ownApp", d.checked === true)}
          label="Use our org's own External Client App (paste its consumer key and secret)"
        />
      ) : null}
      {ownApp ? (
        <div className={values.method === "web_server" ? styles.indent : styles.fields}>
          <Field label="Consumer key" required {...field("clientId")}>
            <Input data-crm-field="clientId" value={values.clientId} onChange={(_e, d) => set("clientId", d.value)} spellCheck={false} autoComplete="off" />
          </Field>
          <Field label="Consumer secret" required hint="Stored encrypted; never shown again." {...field("clientSecret")}>
            <Input data-crm-field="clientSecret" type="password" value={values.clientSecret} onChange={(_e, d) => set("clientSecret", d.value)} autoComplete="new-password" />
          </Field>
          {values.method === "web_server" ? <CopyLink label="Callback URL: add it to the app's OAuth settings" url={callbackUrl()} /> : null}
        </div>
      ) : null}
      <div className={styles.actions}>
        <Button
          type="submit"
          appearance="primary"
          icon={busy ? <Spinner size="tiny" /> : <PlugConnectedRegular />}
          disabled={busy !== null}
        >
          {busy === "leaving" ? "Opening Salesforce…" : busy === "connecting" ? "Connecting…" : values.method === "web_server" ? "Connect Salesforce" : "Connect Integration User"}
        </Button>
        {onCancel ? (
          <Button onClick={onCancel} disabled={busy !== null}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
