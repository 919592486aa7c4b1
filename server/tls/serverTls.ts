import type { SecureContextOptions, TlsOptions } from "node:tls";

/**
 * TLS 1.2 suites the server offers: forward-secret ECDHE with AEAD ciphers only (AES-GCM, ChaCha20-Poly1305), no CBC
 * suites (Lucky13-style padding oracles) — Mozilla's "intermediate" list. TLS 1.3's suites are all AEAD already.
 */
const tls12Ciphers = [
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-CHACHA20-POLY1305",
].join(":");

/** Options for the HTTPS server: the certificate, TLS 1.2 or later, and the suites above. */
export function serverTlsOptions(material: Pick<SecureContextOptions, "cert" | "key">): TlsOptions {
  return { cert: material.cert, key: material.key, minVersion: "TLSv1.2", ciphers: tls12Ciphers, honorCipherOrder: true };
}
