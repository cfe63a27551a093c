import { describe, expect, it } from 'vitest';
import { subscriptions } from './subscriptions';

describe('subscriptions', () => {
  it('subscribes once until stopped, and lets every subscription go on stop', () => {
    const log: string[] = [];
    const subscribe = (name: string) => {
      log.push(`on ${name}`);
      return () => log.push(`off ${name}`);
    };
    const events = subscriptions(() => [subscribe('a'), subscribe('b')]);
    events.start();
    events.start();
    events.stop();
    events.stop();
    events.start();
    expect(log).toEqual(['on a', 'on b', 'off a', 'off b', 'on a', 'on b']);
  });
});
