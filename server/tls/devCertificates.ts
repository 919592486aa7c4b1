import { X509Certificate } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Development TLS material made by office-addin-dev-certs: a private CA and a localhost certificate signed by it.
 * We keep its default folder (~/.office-addin-dev-certs) so that `npx office-addin-dev-certs install` on a desktop
 * trusts exactly the certificate this server presents to Outlook.
 */
export interface TlsMaterial {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

export const defaultDevCertificateDir = join(homedir(), ".office-addin-dev-certs");

/** Renew a little before expiry so a long-running demo never starts with a certificate that dies mid-session. */
const renewWithinMs = 2 * 24 * 3600 * 1000;

function paths(dir: string) {
  return { caFile: join(dir, "ca.crt"), certFile: join(dir, "localhost.crt"), keyFile: join(dir, "localhost.key") };
}

function stillValid(certFile: string, now: number): boolean {
  try {
    const cert = new X509Certificate(readFileSync(certFile));
    return Date.parse(cert.validTo) - now > renewWithinMs;
  } catch {
    return false;
  }
}

/** Reads the development certificates, generating (or renewing) them first when missing or about to expire. */
export async function ensureDevCertificates(dir: string = defaultDevCertificateDir): Promise<TlsMaterial> {
  const p = paths(dir);
  const present = existsSync(p.caFile) && existsSync(p.certFile) && existsSync(p.keyFile);
  if (!present || !stillValid(p.certFile, Date.now()) || !stillValid(p.caFile, Date.now())) {
    // Imported lazily: the generator pulls in a large dependency tree that a configured production server never needs.
    const { generateCertificates } = await import("office-addin-dev-certs");
    await generateCertificates(p.caFile, p.certFile, p.keyFile, 30, ["127.0.0.1", "localhost"]);
  }
  return loadTlsMaterial(p);
}

/** Reads a certificate/key pair (and the CA that signed it) from files, e.g. an operator's own certificate. */
export function loadTlsMaterial(files: { caFile: string; certFile: string; keyFile: string }): TlsMaterial {
  return {
    ...files,
    ca: existsSync(files.caFile) ? readFileSync(files.caFile, "utf8") : "",
    cert: readFileSync(files.certFile, "utf8"),
    key: readFileSync(files.keyFile, "utf8"),
  };
}
