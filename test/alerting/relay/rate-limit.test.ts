import {
  createRateLimiter,
  GLOBAL,
  isGroupChat,
  PER_CHAT,
  PER_GROUP,
  telegramWindows,
} from '../../../alerting/relay/rate-limit';

describe('Telegram windows', () => {
  it('adds the 20-a-minute window for groups and channels only', () => {
    expect(['-1001234', '-42', '@clicky_alerts', '12345'].map(isGroupChat)).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(telegramWindows('-1001234')).toEqual([PER_CHAT, PER_GROUP, GLOBAL]);
    expect(telegramWindows('12345')).toEqual([PER_CHAT, GLOBAL]);
    expect([PER_CHAT.max, PER_GROUP.max, GLOBAL.max]).toEqual([1, 20, 30]);
  });
});

describe('rate limiter', () => {
  it('spaces sends one window apart', () => {
    const limiter = createRateLimiter([{ max: 1, ms: 1000 }]);
    expect(limiter.delayMs(0)).toBe(0);
    limiter.record(100);
    expect(limiter.delayMs(100)).toBe(1000);
    expect(limiter.delayMs(700)).toBe(400);
    expect(limiter.delayMs(1100)).toBe(0);
  });

  it('waits for the oldest send that keeps a window full', () => {
    const limiter = createRateLimiter([
      { max: 1, ms: 10 },
      { max: 3, ms: 1000 },
    ]);
    for (const t of [0, 20, 40]) limiter.record(t);
    expect(limiter.delayMs(50)).toBe(950);
    expect(limiter.delayMs(1000)).toBe(0);
  });

  it('holds every send until a pause (a 429) is over', () => {
    const limiter = createRateLimiter([{ max: 1, ms: 1000 }]);
    limiter.pauseUntil(5000);
    limiter.pauseUntil(3000);
    expect(limiter.delayMs(1000)).toBe(4000);
    expect(limiter.delayMs(6000)).toBe(0);
  });
});
