/**
 * One SQL code path for both stores: embedded PGlite (PostgreSQL compiled to WebAssembly, in-process) and a
 * PostgreSQL server. Everything above this file writes plain PostgreSQL with $1-style parameters.
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: "embedded" | "postgres";
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs a script of several statements without parameters and returns the last statement's rows: the queue library
   * (pg-boss) sends its schema and maintenance work this way, through the same connections as everything else.
   */
  script<Row = Record<string, unknown>>(sql: string): Promise<Row[]>;
  /** A cheap round trip, for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A database failure that names what the operator must fix (unreachable server, wrong credentials, ...). */
export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DatabaseUnavailableError";
  }
}
