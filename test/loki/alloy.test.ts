/**
 * alloy/config.alloy, checked without an Alloy binary: parsed (test/support/alloy-syntax.ts), each
 * component's arguments against the ones Alloy documents, every reference resolved, and the pipeline's
 * labels compared with the direct push (lib/logging/loki/push-request.ts). What this cannot check:
 * Alloy evaluating it (`alloy validate`, the template at run time); see loki/README.md.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LEVEL_NAMES } from '../../lib/logging/levels';
import { levelLabel } from '../../lib/logging/loki/push-request';
import { composeTargets } from '../../prometheus/targets';
import { type AlloyBlock, type AlloyValue, parseAlloy, references } from '../support/alloy-syntax';

const root = resolve(__dirname, '../..');
const source = readFileSync(resolve(root, 'alloy/config.alloy'), 'utf8');
const components = parseAlloy(source);

/** The arguments (a) and blocks (b) Alloy documents for the components used, and what each exports. */
const schema: Record<string, { a: string[]; b?: Record<string, string[]>; exports?: string[] }> = {
  'discovery.docker': {
    a: ['host', 'port', 'refresh_interval', 'match_first_network'],
    exports: ['targets'],
  },
  'discovery.relabel': {
    a: ['targets'],
    b: { rule: ['source_labels', 'separator', 'regex', 'modulus', 'target_label', 'replacement', 'action'] },
    exports: ['output', 'rules'],
  },
  'loki.source.docker': {
    a: ['host', 'targets', 'forward_to', 'labels', 'relabel_rules', 'refresh_interval'],
  },
  'local.file_match': { a: ['path_targets', 'sync_period', 'ignore_older_than'], exports: ['targets'] },
  'loki.source.file': { a: ['targets', 'forward_to', 'encoding', 'tail_from_end', 'legacy_positions_file'] },
  'loki.process': {
    a: ['forward_to'],
    b: {
      'stage.json': ['expressions', 'source', 'drop_malformed'],
      'stage.template': ['source', 'template'],
      'stage.labels': ['values'],
      'stage.timestamp': ['source', 'format', 'fallback_formats', 'location', 'action_on_failure'],
      'stage.label_drop': ['values'],
    },
    exports: ['receiver'],
  },
  'loki.write': {
    a: ['external_labels', 'max_streams'],
    b: { endpoint: ['url', 'name', 'headers', 'batch_wait', 'batch_size', 'remote_timeout', 'tenant_id'] },
    exports: ['receiver'],
  },
};

const find = (name: string, label?: string) =>
  components.filter((c) => c.name === name && (label === undefined || c.label === label));
const one = (name: string, label?: string): AlloyBlock => {
  const found = find(name, label);
  if (found.length !== 1 || !found[0])
    throw new Error(`expected one ${name} ${label ?? ''}, found ${found.length}`);
  return found[0];
};
const stage = (name: string) => one('loki.process').blocks.filter((b) => b.name === name);
const object = (value: AlloyValue | undefined) =>
  value && typeof value === 'object' && 'object' in value ? value.object : undefined;
const refs = (value: AlloyValue | undefined) => (value === undefined ? [] : references(value));

describe('alloy/config.alloy', () => {
  it('uses only documented components, arguments and blocks, each component labelled once', () => {
    for (const c of components) {
      const known = schema[c.name];
      expect([c.name, known !== undefined, typeof c.label]).toEqual([c.name, true, 'string']);
      expect(Object.keys(c.attributes).filter((a) => !known?.a.includes(a))).toEqual([]);
      for (const block of c.blocks) {
        const args = known?.b?.[block.name];
        expect([c.name, block.name, args !== undefined]).toEqual([c.name, block.name, true]);
        expect(Object.keys(block.attributes).filter((a) => !args?.includes(a))).toEqual([]);
      }
    }
    const ids = components.map((c) => `${c.name}.${c.label}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('resolves every reference to a component and one of its exports', () => {
    const all = components.flatMap((c) => [
      ...Object.values(c.attributes).flatMap(refs),
      ...c.blocks.flatMap((b) => Object.values(b.attributes).flatMap(refs)),
    ]);
    expect(all.length).toBeGreaterThan(5);
    for (const ref of all) {
      const parts = ref.split('.');
      const [exported, label] = [parts.pop(), parts.pop()];
      const name = parts.join('.');
      expect([ref, find(name, label).length, schema[name]?.exports?.includes(exported ?? '')]).toEqual([
        ref,
        1,
        true,
      ]);
    }
  });

  it('sends containers and /var/log/clicky/*.log through one pipeline to Loki', () => {
    expect(refs(one('loki.source.docker').attributes.forward_to)).toEqual(['loki.process.clicky.receiver']);
    expect(refs(one('loki.source.file').attributes.forward_to)).toEqual(['loki.process.clicky.receiver']);
    expect(refs(one('loki.process').attributes.forward_to)).toEqual(['loki.write.loki.receiver']);
    const endpoint = one('loki.write').blocks.find((b) => b.name === 'endpoint');
    expect(endpoint?.attributes.url).toBe(`http://${composeTargets.loki}/loki/api/v1/push`);
    expect(one('local.file_match').attributes.path_targets).toEqual([
      { object: { __path__: '/var/log/clicky/*.log' } },
    ]);
    // The same files logrotate rotates, in every environment.
    for (const env of ['staging', 'production']) {
      const logrotate = readFileSync(resolve(root, `loki/logrotate/clicky-foundation.${env}`), 'utf8');
      expect(logrotate).toMatch(/^\/var\/log\/clicky\/\*\.log \{$/m);
    }
    for (const c of ['discovery.docker', 'loki.source.docker']) {
      expect(one(c).attributes.host).toBe('unix:///var/run/docker.sock');
    }
  });

  it('labels streams app, env and level only, like the direct push; ids stay in the line', () => {
    const relabelTargets = components
      .filter((c) => c.name === 'discovery.relabel')
      .flatMap((c) => c.blocks.map((rule) => rule.attributes.target_label));
    expect(relabelTargets).toEqual(['app', 'app']);
    expect(stage('stage.labels').map((s) => object(s.attributes.values))).toEqual([{ level: '' }]);
    expect(stage('stage.label_drop').map((s) => s.attributes.values)).toEqual([['filename']]);
    expect(object(one('loki.write').attributes.external_labels)).toEqual({
      env: { call: 'sys.env', args: ['APP_ENV'] },
    });
    const code = source.replace(/^\s*\/\/.*$/gm, '');
    expect(code).not.toMatch(/\b(request_id|user_id|static_labels)\b/);
  });

  it('lower-cases the five levels and calls anything else "unknown", as levelLabel does', () => {
    const template = String(stage('stage.template')[0]?.attributes.template);
    for (const level of LEVEL_NAMES) {
      expect(levelLabel(level.toUpperCase())).toBe(level);
      expect(template).toContain(`(eq $l "${level}")`);
    }
    expect(template.match(/\(eq \$l "/g)).toHaveLength(LEVEL_NAMES.length);
    expect(template).toContain('ToLower .level');
    expect(template.match(/unknown/g)).toHaveLength(2);
    expect(levelLabel('NOTICE')).toBe('unknown');
    expect(stage('stage.json').map((s) => object(s.attributes.expressions))).toEqual([
      { level: 'level', timestamp: 'timestamp' },
    ]);
    expect(stage('stage.timestamp')[0]?.attributes).toMatchObject({
      source: 'timestamp',
      format: 'RFC3339Nano',
    });
  });
});

describe('the Alloy syntax parser', () => {
  it.each([
    ['a missing value', 'a.b "x" { y = }', /line 1: expected a value/],
    ['an unterminated string', 'a "x" {\n y = "z\n}', /line 2: unterminated string/],
    ['a missing brace', 'a "x" {\n y = 1\n', /expected "\}"/],
    ['an attribute set twice', 'a "x" {\n y = 1\n y = 2\n}', /line 3: attribute y set twice/],
  ])('rejects %s', (_, text, error) => {
    expect(() => parseAlloy(text)).toThrow(error);
  });
});
