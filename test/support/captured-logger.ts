import type { AppEnv, LevelName } from '../../lib/logging/levels';
import { createLogger, type Logger } from '../../lib/logging/logger';

export interface CapturedLogger {
  logger: Logger;
  /** The raw lines written so far. */
  lines: string[];
  /** The lines parsed. */
  records(): Record<string, unknown>[];
}

/** A real logger writing its lines into an array (pino writes each line synchronously). */
export function capturedLogger(
  options: { env?: AppEnv; level?: LevelName; app?: string } = {},
): CapturedLogger {
  const lines: string[] = [];
  const logger = createLogger({
    app: options.app ?? 'test',
    env: options.env ?? 'development',
    level: options.level,
    destination: { write: (line: string) => void lines.push(line) },
  });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
