/**
 * The Dockerfile, read (no Docker engine here to build it): multi-stage on one pinned Node image,
 * `npm ci` and `npm run build`, a runtime stage without dev dependencies running as the unprivileged
 * user, started like `npm start`. And .dockerignore keeps secrets and local build output out.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const lines = readFileSync(resolve(root, 'Dockerfile'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() && !line.startsWith('#'));
const stages = lines.reduce<string[][]>((all, line) => {
  if (line.startsWith('FROM ')) all.push([]);
  all.at(-1)?.push(line);
  return all;
}, []);
const runtime = stages.at(-1) ?? [];

it('builds from one pinned Node image, in stages', () => {
  const image = /^ARG NODE_IMAGE=(node:(\d+)\.\d+\.\d+-[a-z-]+)$/.exec(lines[0] ?? '');
  expect(image).not.toBeNull();
  const engines = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).engines.node as string;
  expect(Number(image?.[2])).toBeGreaterThanOrEqual(Number(/\d+/.exec(engines)?.[0]));
  expect(stages.length).toBeGreaterThanOrEqual(3);
  for (const stage of stages) expect(stage[0]).toMatch(/^FROM \$\{NODE_IMAGE\}( AS [a-z]+)?$/);
});

it('installs with npm ci from the lock file and compiles with npm run build', () => {
  expect(lines).toContain('COPY package.json package-lock.json ./');
  expect(lines).toContain('RUN npm ci --omit=dev --no-audit --no-fund');
  expect(lines).toContain('RUN npm run build');
});

it('runs as the unprivileged node user, with production dependencies and the compiled code only', () => {
  expect(runtime).toContain('USER node');
  expect(runtime).toContain('COPY --from=deps /app/node_modules ./node_modules');
  expect(runtime).toContain('COPY --from=build /app/dist ./dist');
  expect(runtime.some((line) => /^COPY \. /.test(line))).toBe(false);
});

it('starts the exporter the way npm start does', () => {
  const start = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).scripts.start as string;
  const cmd = JSON.parse(runtime.find((line) => line.startsWith('CMD '))?.slice(4) ?? '[]') as string[];
  expect(cmd.join(' ')).toBe(start);
});

it('sends no secret or local build output to the build', () => {
  const ignored = readFileSync(resolve(root, '.dockerignore'), 'utf8').split('\n');
  expect(ignored).toEqual(expect.arrayContaining(['.env', '.git', 'node_modules', 'dist']));
});
