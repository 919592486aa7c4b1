import { Body1, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Spinner } from "@fluentui/react-components";
import { useState } from "react";

/** Disconnect deletes the mailbox's credentials for good: say so, and ask before doing it. */
export function DisconnectDialog({ email, onConfirm, onClose }: { email: string; onConfirm: () => Promise<boolean>; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    await onConfirm();
    onClose();
  };
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && !busy && onClose()}>
      <DialogSurface aria-describedby="disconnect-text">
        <DialogBody>
          <DialogTitle>Disconnect sync?</DialogTitle>
          <DialogContent id="disconnect-text">
            <Body1>
              CRM Sync stops syncing {email} and deletes its access to your mailbox for good. Emails and meetings already logged stay in Salesforce. To sync again,
              you set up sync again.
            </Body1>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={() => void confirm()} disabled={busy} icon={busy ? <Spinner size="tiny" /> : undefined}>
              Disconnect
            </Button>
            <Button onClick={onClose} disabled={busy}>
              Cancel
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
