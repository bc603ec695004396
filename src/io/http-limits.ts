// The limits every HTTP request of sae.js runs under (embedding services, the Hub), alone so that
// any module can take them without the retrying client.
/** Limits every request runs under: a service that never answers, or never stops, cannot hang or fill memory. */
export const HTTP_LIMITS = {
  /** From sending the request to the response's headers. */
  connectMs: 30_000,
  /** Longest silence while the body streams in. */
  idleMs: 60_000,
  /**
   * The longest one Hub request may take, its body included (metadata, a file listing); a
   * download gets this plus 1 s per `minBytesPerSecond` bytes. SAEJS_HUB_DEADLINE (seconds) overrides it.
   */
  deadlineMs: 60_000,
  /** The slowest average a Hub download may keep up: 100 kB/s, so a 1 GB file has 60 s + 10,000 s. */
  minBytesPerSecond: 100_000,
  /** The largest body read (a batch of 256 × 3072-d embeddings is about 16 MB of JSON). */
  maxBytes: 64 << 20,
  /** The longest Retry-After honoured; a service that asks for more is reported, not waited for. */
  maxRetryAfterMs: 120_000,
};

export type HttpLimits = typeof HTTP_LIMITS;
