import { makeStyles, Toast, ToastBody, Toaster, ToastTitle, useId, useToastController } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { createContext, useCallback, useContext, useMemo, useState } from "react";

export type NotifyIntent = "success" | "error" | "info" | "warning";
export type Notify = (message: string, intent?: NotifyIntent, title?: string) => void;

const useStyles = makeStyles({
  // Above the mailbox drawer and dialogs. Their portals (z-index 1000000) are mounted later than the toaster's, so in
  // a portal of its own it would be painted under them; it is mounted in the page (inside the theme) instead.
  toaster: { zIndex: 1_000_001 },
});

const NotifyContext = createContext<Notify>(() => undefined);

/** Toasts for what an action did (the message each action's answer carries), announced politely to screen readers. */
export function Notifier({ children }: { children: ReactNode }) {
  const styles = useStyles();
  const [layer, setLayer] = useState<HTMLDivElement | null>(null);
  const toasterId = useId("console-toaster");
  const { dispatchToast } = useToastController(toasterId);
  const notify = useCallback<Notify>(
    (message, intent = "success", title) => {
      dispatchToast(
        <Toast>
          {title ? <ToastTitle>{title}</ToastTitle> : <ToastTitle>{message}</ToastTitle>}
          {title ? <ToastBody>{message}</ToastBody> : null}
        </Toast>,
        { intent, timeout: intent === "error" ? 10_000 : 6_000, politeness: intent === "error" ? "assertive" : "polite" },
      );
    },
    [dispatchToast],
  );
  const value = useMemo(() => notify, [notify]);
  return (
    <NotifyContext.Provider value={value}>
      {children}
      <div ref={setLayer} />
      <Toaster mountNode={layer} className={styles.toaster} toasterId={toasterId} position="bottom-end" pauseOnHover pauseOnWindowBlur />
    </NotifyContext.Provider>
  );
}

export function useNotify(): Notify {
  return useContext(NotifyContext);
}
