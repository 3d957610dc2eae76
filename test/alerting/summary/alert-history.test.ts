import { alertHistory, type RangeSeries } from '../../../alerting/summary/alert-history';

// A 10-minute window with a 60 s step: points at 0, 60, ..., 600 (600 only says "firing now").
const window = { start: 1_000_000, end: 1_000_600, step: 60 };
const at = (...minutes: number[]): [number, string][] => minutes.map((m) => [window.start + m * 60, '1']);
const series = (labels: Record<string, string>, values: [number, string][]): RangeSeries => ({
  metric: { __name__: 'ALERTS', alertstate: 'firing', ...labels },
  values,
});

describe('alertHistory', () => {
  it('counts runs of consecutive points as episodes, each point as one step of firing', () => {
    const [history] = alertHistory(
      [series({ alertname: 'ServiceDown', severity: 'critical', job: 'api' }, at(1, 2, 3, 6, 7))],
      window,
    );
    expect(history).toEqual({
      alertname: 'ServiceDown',
      severity: 'critical',
      labels: { job: 'api' },
      episodes: 2,
      firingSeconds: 300,
      firstFiringAt: window.start + 60,
      lastFiringAt: window.start + 420,
      firingAtStart: false,
      firingNow: false,
    });
  });

  it('counts an alert firing at every point as exactly the window, already firing and still firing', () => {
    const [history] = alertHistory(
      [series({ alertname: 'DatabaseDown', severity: 'critical' }, at(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10))],
      window,
    );
    expect(history).toMatchObject({ episodes: 1, firingSeconds: 600, firingAtStart: true, firingNow: true });
  });

  it('reads a NaN point (an imported resolution) as not firing, splitting the episode', () => {
    const values = at(1, 2, 3, 4);
    values[2] = [window.start + 180, 'NaN'];
    expect(alertHistory([series({ alertname: 'A', severity: 'error' }, values)], window)[0]).toMatchObject({
      episodes: 2,
      firingSeconds: 180,
    });
  });

  it('tolerates float timestamps and unsorted points', () => {
    const values: [number, string][] = [
      [window.start + 120.0004, '1'],
      [window.start + 59.9996, '1'],
    ];
    expect(alertHistory([series({ alertname: 'A', severity: 'warning' }, values)], window)[0]).toMatchObject({
      episodes: 1,
      firingSeconds: 120,
    });
  });

  it('keeps the labels that tell instances apart, drops alertstate, severity and the routing label cooldown', () => {
    const labels = {
      alertname: 'DiskSpaceLow',
      severity: 'warning',
      cooldown: '1h',
      mountpoint: '/',
      instance: 'n:9100',
    };
    expect(alertHistory([series(labels, at(1))], window)[0]?.labels).toEqual({
      instance: 'n:9100',
      mountpoint: '/',
    });
  });

  it('leaves out other severities, series without points in the window, and points outside it', () => {
    const histories = alertHistory(
      [
        series({ alertname: 'Info', severity: 'info' }, at(1)),
        series({ alertname: 'Unlabelled' }, at(1)),
        series({ alertname: 'Empty', severity: 'error' }, []),
        series({ alertname: 'Outside', severity: 'error' }, at(-1, 11)),
      ],
      window,
    );
    expect(histories).toEqual([]);
  });

  it('orders by severity, then firing now, then longest, then name', () => {
    const names = alertHistory(
      [
        series({ alertname: 'W', severity: 'warning' }, at(1)),
        series({ alertname: 'E-short', severity: 'error' }, at(1)),
        series({ alertname: 'E-long', severity: 'error' }, at(1, 2)),
        series({ alertname: 'E-now', severity: 'error' }, at(10)),
        series({ alertname: 'C-b', severity: 'critical' }, at(1)),
        series({ alertname: 'C-a', severity: 'critical' }, at(1)),
      ],
      window,
    ).map((h) => h.alertname);
    expect(names).toEqual(['C-a', 'C-b', 'E-now', 'E-long', 'E-short', 'W']);
  });
});
