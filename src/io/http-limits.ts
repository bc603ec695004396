// The limits every HTTP request of sae.js runs under (embedding services, the Hub), alone so that
// any module can take them without the retrying client.
/** Limits every request runs under: a service that never answers, or never stops, cannot hang or fill memory. */
export const HTTP_LIMITS = {
  /** From sending the request to the response's headers. */
  connectMs: 30_000,
  /** Longest silence while the body streams in. */
  idleMs: 60_000,
  /** The largest body read (a batch of 256 × 3072-d embeddings is about 16 MB of JSON). */
  maxBytes: 64 << 20,
  /** The longest Retry-After honoured; a service that asks for more is reported, not waited for. */
  maxRetryAfterMs: 120_000,
};

export type HttpLimits = typeof HTTP_LIMITS;
