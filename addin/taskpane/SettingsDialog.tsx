import {
  Button,
  Caption1,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Spinner,
  Textarea,
  tokens,
  typographyStyles,
} from "@fluentui/react-components";
import type { FormEvent } from "react";
import { useEffect, useState } from "react";
import type { Api, CaptureLevelChoice, MailboxSettingsView } from "../api";
import type { SettingsDraft, SettingsErrors } from "./settingsForm";
import { captureLabels, folderLabels, folderOrder, toDraft, validateDraft } from "./settingsForm";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  fieldset: { display: "flex", flexDirection: "column", border: "none", margin: 0, padding: 0, minWidth: 0 },
  legend: { ...typographyStyles.body1, padding: 0, marginBottom: tokens.spacingVerticalXXS },
  error: { color: tokens.colorPaletteRedForeground1 },
  surface: { maxWidth: "calc(100vw - 24px)", boxSizing: "border-box" },
});

/** Sync settings: folders, how much of each email is kept, and addresses or domains never to log. Lazily loaded. */
export function SettingsDialog({
  api,
  onClose,
  onSaved,
  messageFor,
}: {
  api: Api;
  onClose: () => void;
  onSaved: (s: MailboxSettingsView) => void;
  messageFor: (err: unknown) => string | null;
}) {
  const styles = useStyles();
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [serverError, setServerError] = useState("");
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let current = true;
    api.settings().then(
      (s) => current && setDraft(toDraft(s)),
      (err: unknown) => current && setServerError(messageFor(err) ?? ""),
    );
    return () => {
      current = false;
    };
  }, [api, messageFor]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    const checked = validateDraft(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setServerError("");
    setSaving(true);
    try {
      onSaved(await api.saveSettings(checked.value));
    } catch (err) {
      setServerError(messageFor(err) ?? "");
      setSaving(false);
    }
  };

  // Functional updates: two quick clicks must not work from the same stale draft.
  const update = (patch: (d: SettingsDraft) => Partial<SettingsDraft>) => setDraft((d) => (d ? { ...d, ...patch(d) } : d));
  const toggleFolder = (folder: (typeof folderOrder)[number], on: boolean) =>
    update((d) => ({ folders: on ? [...d.folders.filter((f) => f !== folder), folder] : d.folders.filter((f) => f !== folder) }));

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !saving && onClose()}>
      <DialogSurface className={styles.surface}>
        <form onSubmit={(e) => void save(e)} noValidate>
          <DialogBody>
            <DialogTitle>Sync settings</DialogTitle>
            <DialogContent className={styles.form}>
              {!draft && !serverError && <Spinner size="small" label="Loading your settings…" />}
              {draft && (
                <>
                  {/* A group of checkboxes: a fieldset, not a Field (a Field gives its one control its id and label). */}
                  <fieldset className={styles.fieldset} aria-describedby="folders-message">
                    <legend className={styles.legend}>Folders to sync</legend>
                    {folderOrder.map((f) => (
                      <Checkbox key={f} label={folderLabels[f]} checked={draft.folders.includes(f)} onChange={(_, d) => toggleFolder(f, d.checked === true)} />
                    ))}
                    <Caption1 id="folders-message" className={errors.folders ? styles.error : undefined} role={errors.folders ? "alert" : undefined}>
                      {errors.folders ?? "At least one."}
                    </Caption1>
                  </fieldset>
                  <Field label="What is kept of each email">
                    <RadioGroup value={draft.captureLevel} onChange={(_, d) => update(() => ({ captureLevel: d.value as CaptureLevelChoice }))}>
                      {(Object.keys(captureLabels) as CaptureLevelChoice[]).map((level) => (
                        <Radio key={level} value={level} label={`${captureLabels[level].label}: ${captureLabels[level].hint}`} />
                      ))}
                    </RadioGroup>
                  </Field>
                  <Field label="Never log these addresses" hint="One email address per line." validationMessage={errors.blockedAddresses}>
                    <Textarea value={draft.blockedAddresses} onChange={(_, d) => update(() => ({ blockedAddresses: d.value }))} resize="vertical" rows={3} />
                  </Field>
                  <Field label="Never log these domains" hint="One domain per line, such as fabrikam.com." validationMessage={errors.blockedDomains}>
                    <Textarea value={draft.blockedDomains} onChange={(_, d) => update(() => ({ blockedDomains: d.value }))} resize="vertical" rows={3} />
                  </Field>
                </>
              )}
              {serverError && (
                <MessageBar intent="error" role="alert">
                  <MessageBarBody>{serverError}</MessageBarBody>
                </MessageBar>
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" type="submit" disabled={!draft || saving} icon={saving ? <Spinner size="tiny" /> : undefined}>
                Save
              </Button>
              <Button onClick={onClose} disabled={saving}>
                Cancel
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
