import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock } from '../common/clock.js';
import { RETRY_MS, ScheduleTimer, SYNC_INTERVAL_MS } from './schedule-timer.js';
import type { Look } from './schedule-timer.js';
import { WakeUpTimer } from './wake-up-timer.js';

class FakeClock extends Clock {
  current = new Date('2027-01-10T11:00:00Z');
  override now(): Date {
    return new Date(this.current);
  }
}

/** Records what it is set for; the test fires it. */
class FakeWakeUpTimer extends WakeUpTimer {
  delays: number[] = [];
  callback: (() => void) | null = null;
  constructor() {
    super(new SchedulerRegistry());
  }
  override set(delayMs: number, wake: () => void): void {
    this.delays.push(delayMs);
    this.callback = wake;
  }
  override clear(): void {
    this.callback = null;
  }
}

const at = (iso: string) => new Date(iso);

function setup() {
  const clock = new FakeClock();
  const wakeUps = new FakeWakeUpTimer();
  const sut = new ScheduleTimer(wakeUps, clock);
  const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  return { sut, mocks: { clock, wakeUps, errors } };
}

describe(ScheduleTimer.name, () => {
  afterEach(() => jest.restoreAllMocks());

  it('sets the timer for the soonest run, at least 1 ms and at most SYNC_INTERVAL_MS away', () => {
    const { sut, mocks } = setup();
    const look: Look = async () => null;
    sut.start(look, at('2027-01-10T11:00:10Z'));
    sut.arm(at('2027-01-10T11:00:00.000Z'));
    sut.arm(at('2027-01-10T10:59:00Z'));
    sut.arm(at('2027-01-10T12:00:00Z'));
    sut.arm(null);
    expect(mocks.wakeUps.delays).toEqual([10_000, 1, 1, SYNC_INTERVAL_MS, SYNC_INTERVAL_MS]);
    expect(sut.nextWakeAt).toEqual(at('2027-01-10T11:00:30Z'));
  });

  it('a wake-up that comes early looks, finds nothing due, and sets the timer for the same run again', async () => {
    const { sut, mocks } = setup();
    const look = jest.fn<Look>(async () => at('2027-01-10T11:00:10Z'));
    sut.start(look, at('2027-01-10T11:00:10Z'));
    mocks.clock.current = at('2027-01-10T11:00:09.999Z');
    await sut.wake();
    expect(look).toHaveBeenCalledTimes(1);
    expect(mocks.wakeUps.delays).toEqual([10_000, 1]);
  });

  it('a look that throws is logged, never rejects, and the timer is set to try again', async () => {
    const { sut, mocks } = setup();
    sut.start(async () => {
      throw new Error('database went away');
    }, null);
    await expect(sut.wake()).resolves.toBeUndefined();
    expect(mocks.errors).toHaveBeenCalledWith(expect.stringContaining('database went away'));
    expect(mocks.wakeUps.delays).toEqual([SYNC_INTERVAL_MS, RETRY_MS]);
    expect(mocks.wakeUps.callback).not.toBeNull();
  });

  it('a timer that cannot be set is logged, not thrown', () => {
    const { sut, mocks } = setup();
    jest.spyOn(mocks.wakeUps, 'set').mockImplementation(() => {
      throw new Error('no timers left');
    });
    expect(() => sut.start(async () => null, null)).not.toThrow();
    expect(mocks.errors).toHaveBeenCalledWith(expect.stringContaining('no timers left'));
  });

  it('a wake-up while one is looking is dropped; a run time asked for meanwhile is kept', async () => {
    const { sut, mocks } = setup();
    let finish!: (next: Date | null) => void;
    const look = jest.fn<Look>(() => new Promise((resolve) => (finish = resolve)));
    sut.start(look, null);
    const first = sut.wake();
    await sut.wake();
    sut.arm(at('2027-01-10T11:00:02Z'));
    finish(at('2027-01-10T11:00:05Z'));
    await first;
    expect(look).toHaveBeenCalledTimes(1);
    expect(mocks.wakeUps.delays).toEqual([SYNC_INTERVAL_MS, 2_000]);
  });

  it('once stopped, it neither looks nor sets the timer', async () => {
    const { sut, mocks } = setup();
    const look = jest.fn<Look>(async () => null);
    sut.start(look, null);
    sut.stop();
    await sut.wake();
    sut.arm(at('2027-01-10T11:00:01Z'));
    expect(look).not.toHaveBeenCalled();
    expect(mocks.wakeUps.delays).toEqual([SYNC_INTERVAL_MS]);
    expect(mocks.wakeUps.callback).toBeNull();
    expect(sut.nextWakeAt).toBeNull();
  });

  it('the real timer is one setTimeout in SchedulerRegistry, replaced on every set', async () => {
    const registry = new SchedulerRegistry();
    const timer = new WakeUpTimer(registry);
    const woke: string[] = [];
    timer.set(60_000, () => woke.push('first'));
    timer.set(5, () => woke.push('second'));
    expect(registry.getTimeouts()).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(woke).toEqual(['second']);
    timer.clear();
    expect(registry.getTimeouts()).toHaveLength(0);
  });
});
