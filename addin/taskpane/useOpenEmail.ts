import { useEffect, useState } from "react";
import { onItemChanged } from "../outlook/itemChanged";
import type { NoEmail, OpenEmail } from "../outlook/openEmail";
import { readOpenEmail, sameOpenEmail } from "../outlook/openEmail";

/** The email open in Outlook, following the rep from email to email when the pane is pinned. */
export function useOpenEmail(): OpenEmail | NoEmail {
  const [email, setEmail] = useState(readOpenEmail);
  useEffect(() => {
    const follow = () => {
      const open = readOpenEmail();
      // The same email read again keeps its object: its panel's lookups run once per email.
      setEmail((shown) => (sameOpenEmail(shown, open) ? shown : open));
    };
    const stop = onItemChanged(follow);
    // The rep may have chosen another email between the first render and now (seen when a pane had just opened): no
    // ItemChanged reached this component for it, so read it again.
    follow();
    return stop;
  }, []);
  return email;
}
