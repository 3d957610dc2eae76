/**
 * The spec's logrotate file (section 3, "Log Rotation"), one per environment
 * (loki/logrotate/clicky-foundation.<env>, written by stack/generate-configs.ts), each installed as
 * /etc/logrotate.d/clicky-foundation on that environment's host.
 *
 * The spec's file keeps 30 rotations, but its storage table keeps staging's logs 7 days: the number
 * of daily rotations is the environment's retention, from the same `retentionDays` as Loki's
 * compactor, so the files on disk and the logs in Loki go at the same age. Everything else is the
 * spec's file verbatim.
 */
import { type LokiEnv, retentionDays } from './config';

/** Where the application writes its log files (Alloy tails the same ones). */
export const LOG_FILES = '/var/log/clicky/*.log';

export function logrotateConfig(env: LokiEnv): string {
  return `# /etc/logrotate.d/clicky-foundation
${LOG_FILES} {
    daily
    missingok
    rotate ${retentionDays[env]}
    compress
    delaycompress
    notifempty
    create 0640 www-data www-data
    postrotate
        docker compose -f /opt/clicky-foundation/docker-compose.yml restart fastapi
    endscript
}
`;
}
