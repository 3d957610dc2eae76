/**
 * What went wrong with a fetch() that threw, in words: undici says only "fetch failed" and keeps the
 * reason in `cause` (a system error code, or a nested error). Names the host, never the path or query
 * (which may carry a key).
 */
const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS lookup failed)',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the server',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate self-signed',
};

export function describeFetchError(err: unknown, url: string): string {
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // not a URL: say nothing of where
  }
  const error = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (error?.name === 'TimeoutError') return `${host}: no answer in time (timeout)`;
  if (error?.name === 'AbortError') return `${host}: aborted`;
  const code = error?.cause?.code;
  if (code) return `${host}: ${REASONS[code] ?? 'request failed'} (${code})`;
  return `${host}: ${error?.cause?.message ?? error?.message ?? String(err)}`;
}
