// What the index needs of a Postgres connection, whichever it is (PGlite on this thread or in a
// worker, or a server through pg): the types sql.ts and pglite-worker.ts share.

export interface TransactionOptions {
  readOnly?: boolean;
  /**
   * How long each of the transaction's statements may run (ms). A server cancels a statement past
   * it (statement_timeout); an index folder opened in Node runs PGlite in a worker thread, which is
   * stopped (pglite-worker.ts). PGlite on the calling thread (a browser, Deno, Bun, a PGlite
   * instance passed in, or the builder) cannot stop a running statement: it has no timer inside one.
   */
  timeoutMs?: number;
  /**
   * Cancels the running statement: on a server (pg_cancel_backend) and an index folder opened in
   * Node (its worker is stopped); PGlite on the calling thread checks it between statements only.
   */
  signal?: AbortSignal;
}

/** A row as the driver returns it: column name → value. */
export type Row = Record<string, unknown>;

/** What the index needs of a connection. */
export interface Queryable {
  /** One statement with $1… parameters. */
  query<R extends Row = Row>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /**
   * Binary COPY data (see copy.ts) into `target`, e.g. "s.postings (latent, row, value)": PGlite
   * only (it reads the data from a Blob; a server would need COPY … FROM STDIN, which PGlite served
   * over the wire cannot take), so servers load through INSERT.
   */
  copyIn?(target: string, data: Uint8Array): Promise<void>;
}

export interface Sql extends Queryable {
  /** `pglite` (embedded) or `postgres` (a server through pg). */
  readonly kind: "pglite" | "postgres";
  /** Where the data lives, for messages: a folder, memory, or the server without its password. */
  readonly where: string;
  /** Statements separated by semicolons, no parameters (the schema). */
  exec(text: string): Promise<void>;
  /** f inside BEGIN … COMMIT on one connection (ROLLBACK if it throws). */
  transaction<T>(f: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}
