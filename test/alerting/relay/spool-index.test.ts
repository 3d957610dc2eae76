import { SpoolIndex } from '../../../alerting/relay/spool-index';
import { testAlert } from '../../support/alertmanager-payload';

const a = testAlert({ labels: { instance: 'a' } });
const b = testAlert({ labels: { instance: 'b' } });

describe('spool index', () => {
  it('replays records into pending alerts, dedup entries and the next id', () => {
    const index = new SpoolIndex();
    index.apply({ t: 'alert', id: 4, at: 10, until: 100, alert: a });
    index.apply({ t: 'alert', id: 9, at: 11, until: 200, alert: b });
    index.apply({ t: 'done', ids: [4] });
    index.apply({ t: 'seen', fingerprint: a.fingerprint, status: 'resolved', until: 300 });
    expect(index.state()).toEqual({
      pending: [{ id: 9, alert: b, acceptedAt: 11 }],
      seen: [
        { fingerprint: b.fingerprint, status: 'firing', until: 200 },
        { fingerprint: a.fingerprint, status: 'resolved', until: 300 },
      ],
      nextId: 10,
      skipped: 0,
    });
  });

  it('counts the lines it cannot read', () => {
    const index = new SpoolIndex();
    for (const line of [
      '{"t":"alert","id":1',
      'null',
      '{"t":"done"}',
      '{"t":"nope"}',
      '{"t":"done","ids":[1]}',
    ])
      index.applyLine(line);
    expect(index.state().skipped).toBe(4);
  });

  it('compacts to pending alerts and the newest dedup entries in force', () => {
    const index = new SpoolIndex();
    index.apply({ t: 'alert', id: 1, at: 10, until: 50, alert: a });
    index.apply({ t: 'alert', id: 2, at: 11, until: 500, alert: b });
    index.apply({ t: 'seen', fingerprint: 'c', status: 'firing', until: 600 });
    index.apply({ t: 'done', ids: [2] });
    expect(index.compacted(100, 1)).toEqual([
      { t: 'alert', id: 1, at: 10, until: 50, alert: a },
      { t: 'seen', fingerprint: 'c', status: 'firing', until: 600 },
    ]);
    expect(index.size).toBe(2);
  });
});
