import { Badge } from "@fluentui/react-components";
import type { MailboxStatus } from "../../server/api/contract";
import { statusColor, statusLabels } from "./labels";

export function StatusBadge({ status }: { status: MailboxStatus }) {
  return (
    <Badge appearance="tint" color={statusColor(status)} shape="rounded">
      {statusLabels[status]}
    </Badge>
  );
}
