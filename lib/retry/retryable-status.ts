/**
 * Which HTTP answers are worth the same request again: 408 and 429 (the server asked for time) and
 * 5xx (it failed, or a proxy before it did). Any other 4xx would fail the same way again.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
