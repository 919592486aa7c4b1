import type { Migration } from "../migration";
import { initial } from "./001_initial";

/** Every migration, oldest first. Never edit one that has shipped: add the next. */
export const migrations: readonly Migration[] = [initial];
