import type { SecretKeysConfig } from "../config";
import { loadOrCreateKeyFile } from "./keyFile";
import { KeyRing } from "./keyRing";

export function loadKeyRing(config: SecretKeysConfig): KeyRing {
  return new KeyRing(config.kind === "env" ? config.keys : loadOrCreateKeyFile(config.path));
}
