import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESERVATION_MS, reservePort } from '../../stack/port-reservations';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'port-reservations-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('reserves a port once', async () => {
  expect(await reservePort(40001, dir)).toBe(true);
  expect(await reservePort(40001, dir)).toBe(false);
  expect(await reservePort(40002, dir)).toBe(true);
});

it('gives one of many simultaneous callers the port', async () => {
  const answers = await Promise.all(Array.from({ length: 20 }, () => reservePort(40003, dir)));
  expect(answers.filter(Boolean)).toHaveLength(1);
});

it('hands an expired reservation over, once', async () => {
  writeFileSync(join(dir, '40004'), '1');
  const past = (Date.now() - RESERVATION_MS - 1000) / 1000;
  utimesSync(join(dir, '40004'), past, past);
  expect(await reservePort(40004, dir)).toBe(true);
  expect(await reservePort(40004, dir)).toBe(false);
});

it('creates its directory', async () => {
  expect(await reservePort(40005, join(dir, 'nested', 'reservations'))).toBe(true);
  expect(await reservePort(40005, join(dir, 'nested', 'reservations'))).toBe(false);
});

it('leaves the choice to the OS when the directory cannot be made', async () => {
  const file = join(dir, 'a-file');
  writeFileSync(file, '');
  // A directory inside a file: ENOTDIR, whoever runs the test.
  expect(await reservePort(40006, join(file, 'reservations'))).toBe(true);
  expect(await reservePort(40006, join(file, 'reservations'))).toBe(true);
});
