import { Body1, Button, Caption1, Link, makeStyles, Spinner, Subtitle2, tokens } from "@fluentui/react-components";
import { CheckmarkCircleFilled } from "@fluentui/react-icons";
import { useEffect, useState } from "react";
import type { Api, LogEmailRequest } from "../api";
import { openInBrowser } from "../outlook/browserWindow";
import type { OpenEmail } from "../outlook/openEmail";
import { readBodyText } from "../outlook/openEmail";
import type { UnavailableCrm } from "./crmUnavailable";
import { crmShortReason, crmUnavailableFrom } from "./crmUnavailable";
import { useScreenStyles } from "./screenStyles";

const useStyles = makeStyles({
  logged: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  loggedLine: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalXS },
  tick: { color: tokens.colorPaletteGreenForeground1, fontSize: "20px", flexShrink: 0 },
});

type LogState =
  | { readonly kind: "checking" }
  | { readonly kind: "notLogged" }
  | { readonly kind: "logging" }
  | { readonly kind: "logged"; readonly url: string | null; readonly earlier: boolean }
  | { readonly kind: "unknown" }
  /** The organisation's Salesforce is not there: no button, and who must act. */
  | { readonly kind: "crmUnavailable"; readonly crm: UnavailableCrm };

/** The body goes along only when the rep's capture level keeps it (the server applies the organisation's too). */
async function bodyIfKept(api: Api): Promise<string | undefined> {
  try {
    if ((await api.settings()).captureLevel !== "full_body") return undefined;
    return (await readBodyText()).slice(0, 200_000);
  } catch {
    return undefined;
  }
}

function logRequest(email: OpenEmail, bodyText: string | undefined): LogEmailRequest {
  return {
    internetMessageId: email.internetMessageId,
    subject: email.subject,
    from: email.from,
    to: email.to,
    cc: email.cc,
    sentAt: email.sentAt,
    ...(bodyText ? { bodyText } : {}),
  };
}

/**
 * "Log this email". The server's record decides whether it is logged (sync may have logged it, or a colleague), so the
 * pane asks first; logging again answers already_logged, never a second activity.
 */
export function LogEmail({
  api,
  email,
  onlyColleagues,
  crm,
  messageFor,
}: {
  api: Api;
  email: OpenEmail;
  /** The organisation's Salesforce when the pane knows it is not there: no button to press in vain. */
  crm: UnavailableCrm | null;
  /** Everyone on it is a colleague: nothing to log, so no button. */
  onlyColleagues: boolean;
  messageFor: (err: unknown) => string | null;
}) {
  const styles = useScreenStyles();
  const own = useStyles();
  const [state, setState] = useState<LogState>({ kind: "checking" });
  const [message, setMessage] = useState("");
  const id = email.internetMessageId;

  useEffect(() => {
    let current = true;
    setState({ kind: "checking" });
    setMessage("");
    api.emailStatus(id).then(
      (s) => current && setState(s.logged ? { kind: "logged", url: s.url, earlier: true } : { kind: "notLogged" }),
      (err: unknown) => {
        if (!current) return;
        const message = messageFor(err) ?? "";
        const crm = crmUnavailableFrom(err);
        setState(crm ? { kind: "crmUnavailable", crm } : { kind: "unknown" });
        setMessage(crm ? "" : message);
      },
    );
    return () => {
      current = false;
    };
  }, [api, id, messageFor]);

  const log = async () => {
    setState({ kind: "logging" });
    setMessage("");
    try {
      const r = await api.logEmail(logRequest(email, await bodyIfKept(api)));
      setState({ kind: "logged", url: r.url, earlier: r.result === "already_logged" });
    } catch (err) {
      const message = messageFor(err) ?? "";
      const crm = crmUnavailableFrom(err);
      setState(crm ? { kind: "crmUnavailable", crm } : { kind: "notLogged" });
      setMessage(crm ? "" : message);
    }
  };

  // Who must act, from this email's own answer or from what the pane already knows; a logged email stays logged.
  const blocked = state.kind === "crmUnavailable" ? state.crm : state.kind === "notLogged" || state.kind === "unknown" ? crm : null;
  return (
    <section className={styles.section} aria-labelledby="log-title">
      <Subtitle2 as="h2" id="log-title" className={styles.subheading}>
        This email
      </Subtitle2>
      <Body1 className={styles.wrap}>{email.subject || "(no subject)"}</Body1>
      {/* One live region for everything that changes here, present from the start so each change is announced. */}
      <div className={own.logged} role="status" aria-live="polite">
        {state.kind === "checking" && <Spinner size="tiny" label="Checking Salesforce…" labelPosition="after" />}
        {state.kind === "logged" && (
          <>
            <span className={own.loggedLine}>
              <CheckmarkCircleFilled aria-hidden="true" className={own.tick} />
              <Body1>{state.earlier ? "Logged in Salesforce" : "Logged in Salesforce just now"}</Body1>
            </span>
            {state.url && (
              <Link
                href={state.url}
                target="_blank"
                rel="noopener noreferrer"
                onClick={(e) => {
                  e.preventDefault();
                  openInBrowser(state.url ?? "");
                }}
              >
                Open in Salesforce
              </Link>
            )}
          </>
        )}
        {onlyColleagues && state.kind !== "logged" && state.kind !== "checking" && (
          <Caption1 className={styles.muted}>Only colleagues are on this email: there is nothing to log.</Caption1>
        )}
        {blocked && !onlyColleagues && <Body1>Not logged: {crmShortReason[blocked.state]}</Body1>}
        {message && <Body1>{message}</Body1>}
      </div>
      {!onlyColleagues && !blocked && (state.kind === "notLogged" || state.kind === "logging" || state.kind === "unknown") && (
        <div className={styles.actions}>
          <Button appearance="primary" onClick={() => void log()} disabled={state.kind === "logging"} icon={state.kind === "logging" ? <Spinner size="tiny" /> : undefined}>
            Log this email
          </Button>
        </div>
      )}
    </section>
  );
}
