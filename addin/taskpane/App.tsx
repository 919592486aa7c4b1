import type { Theme } from "@fluentui/react-components";
import { FluentProvider, makeStyles, tokens } from "@fluentui/react-components";
import { Suspense, useEffect, useState } from "react";
import { openInBrowser } from "../outlook/browserWindow";
import { CrmNotice } from "./CrmNotice";
import { isCrmUnavailable } from "./crmUnavailable";
import { NoticeArea } from "./NoticeArea";
import type { PaneController, PaneState } from "./paneController";
import { needsSetUp } from "./paneController";
import { PaneHeader } from "./PaneHeader";
import { Attention, DisconnectDialog, EmailPanel, loadLaterScreens, OnpremForm, PaneMenu, SettingsDialog, SyncStatus } from "./laterScreens";
import type { MenuChoices } from "./PaneMenu";
import { PaneMenuPlaceholder } from "./PaneMenuPlaceholder";
import { SetupSync } from "./SetupSync";
import { SignInAgain } from "./SignInAgain";
import { Starting } from "./Starting";
import { Unavailable } from "./Unavailable";
import { FocusKeyContext, usePaneState } from "./usePane";

const useStyles = makeStyles({
  root: { minHeight: "100vh", backgroundColor: tokens.colorNeutralBackground1, color: tokens.colorNeutralForeground1 },
  main: { padding: tokens.spacingHorizontalL, maxWidth: "560px" },
  stack: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
});

function menuChoices(state: PaneState): MenuChoices {
  const s = state.screen;
  if (s.kind === "signedOut") return { canSetUp: true, canEditSettings: false, canDisconnect: false };
  if (s.kind !== "mailbox") return { canSetUp: false, canEditSettings: false, canDisconnect: false };
  const m = s.mailbox;
  const hasMailbox = !needsSetUp(m);
  // Set up sync is offered while there is something to set up (or reconnect), never for an administrator's mailbox.
  const canSetUp = !m?.managedByAdmin && (!hasMailbox || m?.status === "attention");
  return { canSetUp, canEditSettings: hasMailbox, canDisconnect: hasMailbox && !m?.managedByAdmin };
}

function Screen({ state, controller }: { state: PaneState; controller: PaneController }) {
  const s = state.screen;
  switch (s.kind) {
    case "starting":
      return <Starting />;
    case "outsideOutlook":
      return <SetupSync outsideOutlook />;
    case "unavailable":
      return <Unavailable message={s.message} onRetry={() => void controller.start()} />;
    case "signedOut":
      return s.returning ? (
        <SignInAgain onSignIn={() => void controller.signIn()} busy={state.busy !== null} />
      ) : (
        <SetupSync onSetUp={() => void controller.setUp()} onOnprem={() => void controller.chooseOnprem()} busy={state.busy !== null} />
      );
    case "onprem":
      return (
        <Suspense fallback={null}>
          <OnpremForm key={`${s.email}:${s.passwordOnly}`} email={s.email} remembered={s.remembered} passwordOnly={s.passwordOnly} busy={state.busy} onSubmit={controller.submitOnprem} onBack={controller.leaveOnprem} />
        </Suspense>
      );
    case "mailbox": {
      const m = s.mailbox;
      const api = controller.api;
      if (!m || needsSetUp(m) || !api)
        return <SetupSync onSetUp={() => void controller.setUp()} onOnprem={api ? () => void controller.chooseOnprem() : undefined} busy={state.busy !== null} />;
      if (m.status === "attention") {
        return (
          <Suspense fallback={null}>
            <Attention
              mailbox={m}
              busy={state.busy}
              onReconnect={() => void controller.setUp()}
              onCheckAgain={() => void controller.refresh()}
            />
          </Suspense>
        );
      }
      return (
        <Suspense fallback={null}>
          <SyncStatus mailbox={m} crm={state.crm} api={api} onMailboxChanged={controller.mailboxChanged} onRefresh={() => void controller.refresh()} messageFor={controller.messageFor} />
        </Suspense>
      );
    }
  }
}

/** The sidebar: the header and menu, announcements, the screen for the mailbox's state, and the open email's panel. */
export function App({ theme, controller }: { theme: Theme; controller: PaneController }) {
  const styles = useStyles();
  const state = usePaneState(controller);
  const [dialog, setDialog] = useState<"settings" | "disconnect" | null>(null);
  const api = controller.api;
  const signedIn = state.screen.kind === "mailbox" && api !== null;
  const mailbox = state.screen.kind === "mailbox" ? state.screen.mailbox : null;
  const crm = signedIn && isCrmUnavailable(state.crm) ? state.crm : null;
  const firstScreenShown = state.screen.kind !== "starting";
  // The menu's code waits for the first screen: until then its look-alike holds its place in the header.
  const [afterFirstScreen, setAfterFirstScreen] = useState(false);
  useEffect(() => {
    if (!firstScreenShown) return;
    // A frame, then a task: the callback runs once the first screen has been painted.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        setAfterFirstScreen(true);
        loadLaterScreens();
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [firstScreenShown]);

  // The page's look sits on an inner div: FluentProvider passes its own className on to portals (menus, dialogs), and
  // a full-height background there would cover the pane whenever the menu opens.
  return (
    <FluentProvider theme={theme}>
      <FocusKeyContext.Provider value={state.focusKey}>
        <div className={styles.root}>
          <PaneHeader
            menu={
              afterFirstScreen ? (
                <Suspense fallback={<PaneMenuPlaceholder />}>
                  <PaneMenu
                    choices={menuChoices(state)}
                    onSetUp={() => void controller.setUp()}
                    onSettings={() => setDialog("settings")}
                    onDisconnect={() => setDialog("disconnect")}
                    onHelp={() => openInBrowser(`${location.origin}/help.html`)}
                  />
                </Suspense>
              ) : (
                <PaneMenuPlaceholder />
              )
            }
          />
          <main className={styles.main}>
            <NoticeArea notice={state.notice} onDismiss={() => controller.setNotice(null)} />
            <div className={styles.stack}>
              {crm && <CrmNotice crm={crm} />}
              <Screen state={state} controller={controller} />
              {signedIn && api && (
                <Suspense fallback={null}>
                  <EmailPanel api={api} ownAddress={controller.user?.email ?? null} crm={crm} messageFor={controller.messageFor} />
                </Suspense>
              )}
            </div>
          </main>
          <Suspense fallback={null}>
            {dialog === "settings" && api && (
              <SettingsDialog
                api={api}
                messageFor={controller.messageFor}
                onClose={() => setDialog(null)}
                onSaved={() => {
                  setDialog(null);
                  controller.setNotice({ intent: "success", text: "Sync settings saved. They apply from the next sync." });
                }}
              />
            )}
            {dialog === "disconnect" && mailbox && (
              <DisconnectDialog email={mailbox.email} onConfirm={controller.disconnect} onClose={() => setDialog(null)} />
            )}
          </Suspense>
        </div>
      </FocusKeyContext.Provider>
    </FluentProvider>
  );
}
