import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Spinner,
  tokens,
} from "@fluentui/react-components";
import { useState } from "react";
import type { ServiceAccountView } from "../../server/api/consoleContract";
import type { ConsoleApi } from "./consoleApi";
import type { ServiceAccountField, ServiceAccountFormValues } from "./serviceAccountForm";
import { checkServiceAccountForm, emptyServiceAccountForm } from "./serviceAccountForm";
import { messageOf } from "./useResource";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  surface: { maxWidth: "600px" },
});

/**
 * Adds an on-premises service account. The server tries it on the test mailbox before saving (Autodiscover first when
 * no EWS URL is given), which can take a few seconds; when Exchange refuses, its reason is shown here, in the dialog.
 */
export function ServiceAccountForm({ api, open, onClose, onSaved }: { api: ConsoleApi; open: boolean; onClose: () => void; onSaved: (account: ServiceAccountView) => void }) {
  const styles = useStyles();
  const [values, setValues] = useState<ServiceAccountFormValues>(emptyServiceAccountForm);
  const [errors, setErrors] = useState<Partial<Record<ServiceAccountField, string>>>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const set = (field: ServiceAccountField, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };
  const close = () => {
    if (saving) return;
    setValues(emptyServiceAccountForm);
    setErrors({});
    setServerError(null);
    onClose();
  };
  const submit = async () => {
    const check = checkServiceAccountForm(values);
    if (!check.ok) {
      setErrors(check.errors);
      setServerError(null);
      return;
    }
    setSaving(true);
    setServerError(null);
    try {
      const account = await api.createServiceAccount(check.request);
      setValues(emptyServiceAccountForm);
      setErrors({});
      onSaved(account);
    } catch (err) {
      setServerError(messageOf(err));
    } finally {
      setSaving(false);
    }
  };
  const field = (name: ServiceAccountField) => ({ validationMessage: errors[name], validationState: errors[name] ? ("error" as const) : ("none" as const) });

  return (
    <Dialog open={open} onOpenChange={(_e, d) => (!d.open ? close() : undefined)}>
      <DialogSurface className={styles.surface}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
          noValidate
          aria-label="Add a service account"
        >
          <DialogBody>
            <DialogTitle>Add a service account</DialogTitle>
            <DialogContent className={styles.form}>
              {serverError ? (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>
                    <MessageBarTitle>The account could not be checked</MessageBarTitle>
                    {serverError}
                  </MessageBarBody>
                </MessageBar>
              ) : null}
              <Field label="Name" required hint="Which Exchange organisation this account is for." {...field("name")}>
                <Input value={values.name} onChange={(_e, d) => set("name", d.value)} placeholder="Contoso on-premises" />
              </Field>
              <Field label="Account" required hint="DOMAIN\username (or username@domain); it needs the ApplicationImpersonation role." {...field("username")}>
                <Input value={values.username} onChange={(_e, d) => set("username", d.value)} placeholder="CONTOSO\svc-crmsync" autoComplete="off" spellCheck={false} />
              </Field>
              <Field label="Password" required {...field("password")}>
                <Input type="password" value={values.password} onChange={(_e, d) => set("password", d.value)} autoComplete="new-password" />
              </Field>
              <Field label="Authentication">
                <RadioGroup layout="horizontal" value={values.authMethod} onChange={(_e, d) => set("authMethod", d.value)}>
                  <Radio value="ntlm" label="NTLM (Windows)" />
                  <Radio value="basic" label="Basic (over HTTPS only)" />
                </RadioGroup>
              </Field>
              <Field label="EWS URL" hint="Optional: leave empty to find it with Autodiscover from the test mailbox." {...field("ewsUrl")}>
                <Input value={values.ewsUrl} onChange={(_e, d) => set("ewsUrl", d.value)} placeholder="https://mail.contoso.com/EWS/Exchange.asmx" spellCheck={false} />
              </Field>
              {values.ewsUrl.trim() === "" ? (
                <Field label="Autodiscover host" hint="Optional: where Autodiscover looks, like mail.contoso.com; by default the test mailbox's domain." {...field("autodiscoverHost")}>
                  <Input value={values.autodiscoverHost} onChange={(_e, d) => set("autodiscoverHost", d.value)} placeholder="mail.contoso.com" spellCheck={false} />
                </Field>
              ) : null}
              <Field label="Test mailbox" required hint="A mailbox the account should be able to open: it is tried before the account is saved." {...field("testMailbox")}>
                <Input type="email" value={values.testMailbox} onChange={(_e, d) => set("testMailbox", d.value)} placeholder="adele@contoso.com" spellCheck={false} />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button onClick={close} disabled={saving}>
                Cancel
              </Button>
              <Button type="submit" appearance="primary" disabled={saving} icon={saving ? <Spinner size="tiny" /> : undefined}>
                {saving ? "Checking with Exchange…" : "Check and save"}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
