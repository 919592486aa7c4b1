import { useEffect, useState } from "react";
import { onItemChanged } from "../outlook/itemChanged";
import type { NoEmail, OpenEmail } from "../outlook/openEmail";
import { readOpenEmail } from "../outlook/openEmail";

/** The email open in Outlook, following the rep from email to email when the pane is pinned. */
export function useOpenEmail(): OpenEmail | NoEmail {
  const [email, setEmail] = useState(readOpenEmail);
  useEffect(() => onItemChanged(() => setEmail(readOpenEmail())), []);
  return email;
}
