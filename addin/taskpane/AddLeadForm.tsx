import { Button, Field, Input, makeStyles, MessageBar, MessageBarBody, Spinner, tokens } from "@fluentui/react-components";
import type { FormEvent } from "react";
import { useState } from "react";
import type { Api, PersonView } from "../api";
import type { PersonLine } from "./peopleOnEmail";
import { leadGuess } from "./peopleOnEmail";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, paddingTop: tokens.spacingVerticalS },
  actions: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

/** "Add as lead": a small form, first guess from Outlook's display name and the domain. */
export function AddLeadForm({
  api,
  line,
  onAdded,
  onCancel,
  messageFor,
}: {
  api: Api;
  line: PersonLine;
  onAdded: (p: PersonView) => void;
  onCancel: () => void;
  messageFor: (err: unknown) => string | null;
}) {
  const styles = useStyles();
  const [draft, setDraft] = useState(() => leadGuess(line));
  const [errors, setErrors] = useState<{ lastName?: string; company?: string }>({});
  const [serverError, setServerError] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problems = {
      ...(draft.lastName.trim() ? {} : { lastName: "Enter the last name." }),
      ...(draft.company.trim() ? {} : { company: "Enter the company." }),
    };
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    setServerError("");
    try {
      const firstName = draft.firstName.trim();
      onAdded(await api.addLead({ email: line.email, lastName: draft.lastName.trim(), company: draft.company.trim(), ...(firstName ? { firstName } : {}) }));
    } catch (err) {
      setServerError(messageFor(err) ?? "");
      setBusy(false);
    }
  };

  return (
    <form className={styles.form} onSubmit={(e) => void submit(e)} aria-label={`Add ${line.email} as a lead`} noValidate>
      <Field label="First name">
        <Input value={draft.firstName} onChange={(_, d) => setDraft((x) => ({ ...x, firstName: d.value }))} autoComplete="off" />
      </Field>
      <Field label="Last name" required validationMessage={errors.lastName}>
        <Input value={draft.lastName} onChange={(_, d) => setDraft((x) => ({ ...x, lastName: d.value }))} autoComplete="off" />
      </Field>
      <Field label="Company" required validationMessage={errors.company}>
        <Input value={draft.company} onChange={(_, d) => setDraft((x) => ({ ...x, company: d.value }))} autoComplete="off" />
      </Field>
      {serverError && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{serverError}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={busy} icon={busy ? <Spinner size="tiny" /> : undefined}>
          Add lead
        </Button>
        <Button onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
