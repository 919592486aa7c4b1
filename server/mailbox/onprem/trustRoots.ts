import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";

/**
 * The roots a rep's Exchange server may chain to: the public ones, the extra ones Node was started with
 * (NODE_EXTRA_CA_CERTS), and the operator's internal CA (ONPREM_TRUSTED_CA_FILE), since on-premises Exchange often
 * presents a certificate from the company's own CA. Passing `ca` replaces Node's store, so all three are listed.
 */
export function onpremTrustRoots(trustedCaFile: string | null): string[] | undefined {
  if (!trustedCaFile) return undefined;
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  return [...rootCertificates, ...(extra ? [readFileSync(extra, "utf8")] : []), readFileSync(trustedCaFile, "utf8")];
}
