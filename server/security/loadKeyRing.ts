import type { SecretKeysConfig } from "../config";
import { loadOrCreateKeyFile, moveLegacyKeyFile } from "./keyFile";
import { KeyRing } from "./keyRing";

export function loadKeyRing(config: SecretKeysConfig): KeyRing {
  if (config.kind === "env") return new KeyRing(config.keys);
  moveLegacyKeyFile(config.legacyPath, config.path);
  return new KeyRing(loadOrCreateKeyFile(config.path));
}
