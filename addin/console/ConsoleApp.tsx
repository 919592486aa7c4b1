import { FluentProvider, makeStyles, Spinner, tokens, webLightTheme } from "@fluentui/react-components";
import { lazy, Suspense, useSyncExternalStore } from "react";
import { ConsoleHeader } from "./ConsoleHeader";
import type { ConsoleSession } from "./consoleSession";
import { NoRoleScreen } from "./NoRoleScreen";
import { SignInScreen } from "./SignInScreen";
import { UnavailableScreen } from "./UnavailableScreen";

// The console proper loads once the person is signed in with a role: the sign-in screen needs none of it.
const ConsoleShell = lazy(() => import(/* webpackChunkName: "console.shell", webpackPrefetch: true */ "./ConsoleShell.js").then((m) => ({ default: m.ConsoleShell })));

const useStyles = makeStyles({
  page: { minHeight: "100vh", display: "flex", flexDirection: "column", backgroundColor: tokens.colorNeutralBackground2, color: tokens.colorNeutralForeground1 },
  centre: { flexGrow: 1, display: "flex", alignItems: "center", justifyContent: "center", padding: tokens.spacingHorizontalXXL },
});

function Busy({ label }: { label: string }) {
  const styles = useStyles();
  return (
    <main className={styles.centre}>
      <Spinner label={label} />
    </main>
  );
}

/** Support and admin console: signing in with Entra ID, then the console for Sync.Admin and Sync.Support. */
export function ConsoleApp({ session }: { session: ConsoleSession }) {
  const styles = useStyles();
  const state = useSyncExternalStore(session.subscribe, session.getState);

  const signedIn = state.kind === "ready" ? { name: state.me.name ?? state.account?.name ?? null, username: state.me.username ?? state.account?.username ?? null } : state.kind === "noRole" ? state.account : null;

  let body;
  switch (state.kind) {
    case "starting":
      body = <Busy label="Signing you in…" />;
      break;
    case "leaving":
      body = <Busy label="Opening Microsoft sign-in…" />;
      break;
    case "signedOut":
      body = <SignInScreen message={state.message} onSignIn={() => void session.signIn()} />;
      break;
    case "noRole":
      body = <NoRoleScreen account={state.account} serverMessage={state.serverMessage} onSwitch={() => void session.signIn({ chooseAccount: true })} onSignOut={() => void session.signOut()} />;
      break;
    case "unavailable":
      body = <UnavailableScreen message={state.message} onRetry={() => void session.start()} />;
      break;
    case "ready":
      body = (
        <Suspense fallback={<Busy label="Opening the console…" />}>
          <ConsoleShell me={state.me} api={state.api} />
        </Suspense>
      );
      break;
  }

  return (
    <FluentProvider theme={webLightTheme}>
      <div className={styles.page}>
        <ConsoleHeader account={signedIn} onSignOut={signedIn ? () => void session.signOut() : null} />
        {body}
      </div>
    </FluentProvider>
  );
}
