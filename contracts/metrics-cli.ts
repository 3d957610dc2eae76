/**
 * `npm run contract:metrics -- <url or file>`: scrapes a target (or reads an exposition file) and
 * checks it against the metrics contract, one violation per line. See USAGE.
 */
import { checkMetrics } from './check-metrics';
import { EX_VIOLATIONS, parseCliArgs, readSource, runCli } from './cli';
import { parseExposition } from './exposition';
import { apiMetrics } from './metrics';

const USAGE = `usage: npm run contract:metrics -- <url | file | -> [--timeout <seconds>]

Checks that a target serves the API's metrics contract (contracts/metrics.ts): ${Object.values(apiMetrics)
  .map((m) => m.name)
  .join(', ')},
with their types, exactly their labels (method, route, status), route templates rather than raw
paths, numeric status codes and every histogram bucket, the 2 s one included.

  <url>               scraped over HTTP, e.g. http://127.0.0.1:8000/metrics (Prometheus text format)
  <file> or -         an exposition saved to a file, or read from stdin
  --timeout <seconds> deadline of the scrape (default 10)
  --help              this text

Send the app at least one request before checking: a counter with no requests has no samples, and
then its labels cannot be checked. Prints each violation on its own line and exits 1 if there is
any; exits 0 with a one-line summary otherwise; 64 on bad arguments, 69 when the target cannot be
scraped.`;

runCli('contract:metrics', async () => {
  const args = parseCliArgs(process.argv.slice(2), USAGE, { timeout: true });
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const text = await readSource(args.source, {
    timeoutMs: args.timeoutMs,
    accept: 'text/plain;version=0.0.4;q=1,*/*;q=0.1',
  });
  const report = checkMetrics(parseExposition(text));
  for (const violation of report.violations) process.stdout.write(`${violation}\n`);
  if (report.violations.length > 0) {
    process.stderr.write(`metrics contract: ${report.violations.length} violation(s) in ${args.source}\n`);
    return EX_VIOLATIONS;
  }
  process.stdout.write(
    `metrics contract: ok, ${report.metrics} metrics, ${report.series} series, ${report.routes.length} routes (${report.routes.join(', ')}) in ${args.source}\n`,
  );
  return 0;
});
