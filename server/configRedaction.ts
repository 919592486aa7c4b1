/**
 * How a configuration value may be shown in an error message. Start-up errors land in terminals, CI logs and support tickets,
 * so key material, secrets and the credentials inside connection URLs are never repeated, even when the value is malformed
 * (a bad ENCRYPTION_KEYS list may still hold one valid key, a bad DATABASE_URL still holds its password).
 */

const hidden = "(hidden)";

/** Settings whose whole value is a secret. */
const secretName = /SECRET|PASSWORD|TOKEN/i;

/** ENCRYPTION_KEYS is id:base64key[,id:key...]: the ids help find the bad entry, the keys never appear. */
function keyListShown(value: string): string {
  return value
    .split(",")
    .map((entry) => {
      const sep = entry.indexOf(":");
      return sep > 0 ? `${entry.slice(0, sep).trim()}:${hidden}` : hidden;
    })
    .join(",");
}

/** user:password@ in any scheme://, and password=... in a query string (libpq accepts both). */
function urlCredentialsHidden(value: string): string {
  return value
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, `$1${hidden}@`)
    .replace(/([?&](?:password|pass|pwd|sslpassword)=)[^&#]*/gi, `$1${hidden}`);
}

/** The value of setting `name` as an error message may print it. */
export function shownConfigValue(name: string, value: string | undefined): string {
  if (value === undefined) return "(not set)";
  if (secretName.test(name)) return hidden;
  if (name === "ENCRYPTION_KEYS") return JSON.stringify(keyListShown(value));
  return JSON.stringify(urlCredentialsHidden(value));
}
