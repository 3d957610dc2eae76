/**
 * Every number an alert compares against, in one place (cf. node-mixin's config.libsonnet).
 * Severities and cooldowns stay beside each alert, as in the spec's table.
 */
export const thresholds = {
  probes: {
    /**
     * How often Prometheus runs the blackbox probes (the spec's 5 min is UptimeRobot's: at 5m a single
     * late scrape falls out of Prometheus's 5m lookback and reads as "no data", so 1m here).
     */
    interval: '1m',
    /** "Health check fails 3 times in a row". */
    consecutiveFailures: 3,
  },
  dependencies: {
    /** One failed check can be a reconnect; two at the exporter's pace is an outage. */
    downFor: '1m',
  },
  scrapes: {
    /** A target that cannot be scraped blinds the alerts built on it. */
    downFor: '5m',
  },
  errors: {
    /** "More than 10 5xx in 5 minutes". */
    max5xx: 10,
    window: '5m',
    /**
     * increase() over 5m stays above 10 for minutes after a burst, so waiting 1m loses nothing and lets
     * DatabaseDown/RedisDown (also 1m) arrive first and inhibit the errors they cause.
     */
    for: '1m',
  },
  latency: {
    /** "p95 > 2 s for 5 minutes": p95 over a 5m window, above 2 s for 5m. */
    quantile: 0.95,
    maxSeconds: 2,
    window: '5m',
    for: '5m',
  },
  disk: {
    low: { usedRatio: 0.85, for: '5m' },
    /** Shorter: at 95 % a busy disk can be full within minutes. */
    critical: { usedRatio: 0.95, for: '2m' },
  },
  wpSync: {
    consecutiveFailures: 3,
    /** The sync runs at least hourly (assumed): 6h without success means it stopped, not that it failed once. */
    maxAge: '6h',
  },
  backup: {
    /** Daily backup plus 2h of slack for a slow run. */
    maxAge: '26h',
  },
  /** A missing or old success timestamp must persist this long: rides out a Pushgateway or exporter restart. */
  staleFor: '10m',
  meta: {
    /** The contract's series may appear only with the first request (the probes make one a minute). */
    apiMetricsAbsentFor: '10m',
    /** Windows and waits of the prometheus-mixin: one failed evaluation or reload can be a blip. */
    prometheus: {
      window: '5m',
      ruleFailuresFor: '15m',
      notConnectedFor: '10m',
      /** Share of alerts Prometheus failed to send to every Alertmanager. */
      maxSendErrorRatio: 0.03,
      sendErrorsFor: '15m',
      reloadFailedFor: '10m',
    },
    /** alertmanager-mixin: more than 1 % of notifications of an integration failing, for 5m. */
    alertmanager: { window: '5m', maxFailedRatio: 0.01, failingFor: '5m', reloadFailedFor: '10m' },
    relay: {
      /** Short: while it lasts, critical and error alerts reach nobody by Telegram. */
      downFor: '2m',
      /** Nothing delivered in this window while Telegram errs or alerts wait: delivery is failing. */
      window: '5m',
      failingFor: '5m',
      /** A dropped alert is lost for good: it stays news for an hour. */
      droppedWindow: '1h',
    },
    logShipping: { window: '15m', for: '5m' },
  },
  tls: {
    minValidity: '14d',
    /** One odd probe (a node serving an old certificate) is no incident; expiry moves in days anyway. */
    for: '15m',
  },
} as const;
