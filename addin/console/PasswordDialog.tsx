import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Spinner, tokens } from "@fluentui/react-components";
import { useState } from "react";
import type { ServiceAccountView, UpdateServiceAccountPasswordResponse } from "../../server/api/consoleContract";
import type { ConsoleApi } from "./consoleApi";
import { checkPasswordForm } from "./serviceAccountForm";
import { messageOf } from "./useResource";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

/**
 * A service account's new password after it changed in Active Directory. It is tried on a test mailbox before it is
 * kept; the mailboxes stopped by the old one sync again.
 */
export function PasswordDialog({
  api,
  account,
  open,
  onClose,
  onSaved,
}: {
  api: ConsoleApi;
  account: ServiceAccountView;
  open: boolean;
  onClose: () => void;
  onSaved: (answer: UpdateServiceAccountPasswordResponse) => void;
}) {
  const styles = useStyles();
  const [password, setPassword] = useState("");
  const [testMailbox, setTestMailbox] = useState("");
  const [errors, setErrors] = useState<Partial<Record<"password" | "testMailbox", string>>>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    const check = checkPasswordForm({ password, testMailbox });
    if (!check.ok) return setErrors(check.errors);
    setSaving(true);
    setServerError(null);
    try {
      onSaved(await api.updateServiceAccountPassword(account.id, check.request));
    } catch (err) {
      setServerError(messageOf(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open={open} onOpenChange={(_e, d) => (!d.open && !saving ? onClose() : undefined)}>
      <DialogSurface>
        <form
          noValidate
          aria-label={`New password for ${account.name}`}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <DialogBody>
            <DialogTitle>New password for {account.name}</DialogTitle>
            <DialogContent className={styles.form}>
              {serverError ? (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>
                    <MessageBarTitle>The new password could not be checked</MessageBarTitle>
                    {serverError}
                  </MessageBarBody>
                </MessageBar>
              ) : null}
              <Field label={`New password of ${account.username}`} required validationMessage={errors.password} validationState={errors.password ? "error" : "none"}>
                <Input
                  type="password"
                  autoComplete="new-password"
                  value={password}
                  onChange={(_e, d) => {
                    setPassword(d.value);
                    setErrors((e) => ({ ...e, password: undefined }));
                  }}
                />
              </Field>
              <Field
                label="Test mailbox"
                required
                hint="A mailbox the account opens: the password is tried on it first."
                validationMessage={errors.testMailbox}
                validationState={errors.testMailbox ? "error" : "none"}
              >
                <Input
                  type="email"
                  spellCheck={false}
                  value={testMailbox}
                  onChange={(_e, d) => {
                    setTestMailbox(d.value);
                    setErrors((e) => ({ ...e, testMailbox: undefined }));
                  }}
                />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose} disabled={saving}>
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
