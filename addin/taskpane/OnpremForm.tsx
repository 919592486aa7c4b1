import { Body1, Button, Caption1, Checkbox, Field, Input, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Spinner, tokens } from "@fluentui/react-components";
import type { FormEvent } from "react";
import { useState } from "react";
import type { OnpremField, OnpremFormProblem } from "./onpremForm";
import type { OnpremInput, PaneBusy } from "./paneController";
import { ScreenHeading } from "./ScreenHeading";
import { useScreenStyles } from "./screenStyles";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  tried: { display: "block", marginTop: tokens.spacingVerticalXS, "& ul": { margin: 0, paddingLeft: tokens.spacingHorizontalL } },
});

/**
 * A mailbox on the company's own Exchange: email and password, and, once the automatic way failed, the EWS URL and the
 * Windows sign-in name. The password lives in this form's state only until it is sent; it is cleared on every answer.
 */
export function OnpremForm({
  email,
  remembered,
  passwordOnly,
  busy,
  onSubmit,
  onBack,
}: {
  email: string;
  remembered: boolean;
  passwordOnly: boolean;
  busy: PaneBusy;
  onSubmit: (input: OnpremInput) => Promise<OnpremFormProblem | null>;
  onBack: () => void;
}) {
  const screen = useScreenStyles();
  const styles = useStyles();
  const [password, setPassword] = useState("");
  const [ewsUrl, setEwsUrl] = useState("");
  const [username, setUsername] = useState("");
  const [confirmed, setConfirmed] = useState(false);
  const [problem, setProblem] = useState<OnpremFormProblem | null>(null);
  const [serverFields, setServerFields] = useState(false);
  const sending = busy === "onprem";

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const sent = password;
    setPassword("");
    const p = await onSubmit({
      password: sent,
      ...(serverFields && ewsUrl.trim() ? { ewsUrl: ewsUrl.trim() } : {}),
      ...(serverFields && username.trim() ? { username: username.trim() } : {}),
      ...(confirmed && problem?.unconfirmedHost ? { confirmHost: problem.unconfirmedHost } : {}),
    });
    setProblem(p);
    if (p?.askServerFields) setServerFields(true);
  };

  const marked = (field: OnpremField) => (problem?.field === field ? ("error" as const) : ("none" as const));
  const heading = passwordOnly ? "Enter your new password" : "Connect your Exchange mailbox";
  const intro = passwordOnly
    ? `Your company's Exchange server no longer accepts the password CRM Sync has for ${email}. Enter your current Windows password; sync continues where it stopped.`
    : remembered
      ? "Your company's Exchange server is already known from a colleague: enter your password."
      : "Enter your Exchange password. CRM Sync finds your company's Exchange server by itself.";

  return (
    <section className={screen.section} aria-labelledby="onprem-title">
      <ScreenHeading id="onprem-title">{heading}</ScreenHeading>
      <Body1>{intro}</Body1>
      {problem && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>
            <MessageBarTitle>{passwordOnly ? "The password was not saved" : "Sync was not set up"}</MessageBarTitle>
            <span className={screen.wrap}>{problem.message}</span>
            {problem.tried.length > 0 && (
              // Collapsed: the sentence above is what the rep acts on; the list is for IT.
              <details className={styles.tried}>
                <summary>What CRM Sync tried ({problem.tried.length})</summary>
                <ul>
                  {problem.tried.map((line) => (
                    <li key={line} className={screen.wrap}>
                      {line}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </MessageBarBody>
        </MessageBar>
      )}
      <form className={styles.form} onSubmit={(e) => void submit(e)} noValidate>
        {!passwordOnly && (
          <Field label="Email" validationState={marked("email")}>
            <Input value={email} readOnly type="email" autoComplete="username" />
          </Field>
        )}
        <Field label={passwordOnly ? "New password" : "Password"} required validationState={marked("password")}>
          <Input type="password" value={password} onChange={(_, d) => setPassword(d.value)} autoComplete={passwordOnly ? "new-password" : "current-password"} />
        </Field>
        {serverFields && !passwordOnly && (
          <>
            <Field
              label="EWS URL (optional)"
              hint="Ask IT for your Exchange server's EWS URL, like https://mail.company.com/EWS/Exchange.asmx"
              validationState={marked("ewsUrl")}
            >
              <Input type="url" value={ewsUrl} onChange={(_, d) => setEwsUrl(d.value)} placeholder="https://mail.company.com/EWS/Exchange.asmx" />
            </Field>
            <Field label="Windows sign-in name (optional)" hint="DOMAIN\username, or a UPN like jane@corp.company.com" validationState={marked("username")}>
              <Input value={username} onChange={(_, d) => setUsername(d.value)} placeholder="DOMAIN\username" autoComplete="off" />
            </Field>
          </>
        )}
        {problem?.unconfirmedHost && !passwordOnly && (
          <Checkbox checked={confirmed} onChange={(_, d) => setConfirmed(d.checked === true)} label={`${problem.unconfirmedHost} is my company's Exchange server`} />
        )}
        <div className={screen.actions}>
          <Button appearance="primary" type="submit" disabled={busy !== null || password === ""} icon={sending ? <Spinner size="tiny" /> : undefined}>
            {passwordOnly ? "Save new password" : "Test and save"}
          </Button>
          <Button type="button" onClick={onBack} disabled={busy !== null}>
            Back
          </Button>
        </div>
      </form>
      <Caption1>Your password goes once, encrypted over HTTPS, to CRM Sync, which keeps it sealed and never shows it again. It is not stored in Outlook.</Caption1>
    </section>
  );
}
