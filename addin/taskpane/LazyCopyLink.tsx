import { Suspense } from "react";
import { CopyLink } from "./laterScreens";

// The link field (Field + Input) is needed only after a sign-in that needs an administrator: not in the first bundle.
// Fetched once the first screen has painted, it is there long before a dialog round trip can ask for it.

export function LazyCopyLink({ label, url }: { label: string; url: string }) {
  return (
    <Suspense fallback={<span>{`${label}: ${url}`}</span>}>
      <CopyLink label={label} url={url} />
    </Suspense>
  );
}
