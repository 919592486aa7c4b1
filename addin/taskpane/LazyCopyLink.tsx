import { lazy, Suspense } from "react";

// The link field (Field + Input) is needed only after a sign-in that needs an administrator: not in the first bundle.
// Prefetched, it is there long before a dialog round trip can ask for it.
const CopyLink = lazy(() => import(/* webpackPrefetch: true */ "./CopyLink.js").then((m) => ({ default: m.CopyLink })));

export function LazyCopyLink({ label, url }: { label: string; url: string }) {
  return (
    <Suspense fallback={<span>{`${label}: ${url}`}</span>}>
      <CopyLink label={label} url={url} />
    </Suspense>
  );
}
