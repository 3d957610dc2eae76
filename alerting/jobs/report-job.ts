#!/usr/bin/env node
/**
 * `report-job`: reports a batch job's result (backup, deploy) to the Pushgateway, for the
 * BackupFailed, DeploymentFailed and BackupStale alerts. Usage: see USAGE in ./config.ts.
 *
 * Exit codes: report form: 0 reported, 69 (EX_UNAVAILABLE) not reported; wrapper form: always the
 * command's own exit code, reported or not (a reporting problem must not turn a good backup into a
 * failed CI step, nor hide a failed one); 64 (EX_USAGE) bad arguments; 78 (EX_CONFIG) bad environment.
 */
import { ConfigError } from '../../lib/config/env';
import { EX_CONFIG, EX_UNAVAILABLE, EX_USAGE } from '../../lib/config/exit-codes';
import { parseReportJobArgs, type ReportJobConfig, USAGE, UsageError } from './config';
import { jobRunExposition } from './job-metrics';
import { pushToGateway } from './push';
import { runCommand } from './run-command';

const say = (line: string) => process.stderr.write(`report-job: ${line}\n`);

function configOrExit(): ReportJobConfig | undefined {
  try {
    const parsed = parseReportJobArgs(process.argv.slice(2));
    if (parsed !== 'help') return parsed;
    process.stdout.write(`${USAGE}\n`);
    process.exitCode = 0;
  } catch (err) {
    if (err instanceof UsageError) {
      say(`invalid arguments: ${err.message}`);
      process.stderr.write(`${USAGE}\n`);
      process.exitCode = EX_USAGE;
    } else if (err instanceof ConfigError) {
      say(err.message);
      process.exitCode = EX_CONFIG;
    } else throw err;
  }
  return undefined;
}

/** Pushes the run's result; on failure says so on stderr and returns false. */
async function report(config: ReportJobConfig, exitCode: number, durationSeconds?: number): Promise<boolean> {
  const body = jobRunExposition({ exitCode, durationSeconds, finishedAt: Date.now() / 1000 });
  try {
    await pushToGateway(body, config);
    return true;
  } catch (err) {
    say(`could not report job ${config.job} (exit code ${exitCode}): ${(err as Error).message}`);
    return false;
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  if (!config) return;
  if (config.report) {
    const reported = await report(config, config.report.exitCode, config.report.durationSeconds);
    process.exitCode = reported ? 0 : EX_UNAVAILABLE;
    return;
  }
  const result = await runCommand(config.command as [string, ...string[]]);
  if (result.startError) say(`cannot run ${config.command?.[0]}: ${result.startError}`);
  const reported = await report(config, result.exitCode, result.durationSeconds);
  if (!reported) say(`exiting with the command's own exit code ${result.exitCode}`);
  process.exitCode = result.exitCode;
}

void main();
