import { afterEach, describe, expect, it, vi } from 'vitest';
import { computed } from 'vue';
import { capitalized, channelTitle, shortTime, stateLabel } from './format';

afterEach(() => {
  vi.useRealTimers();
});

describe('format', () => {
  it("names channels in the tray's words, capitalized", () => {
    expect(channelTitle('email')).toBe('E-mail');
    expect(channelTitle('chat')).toBe('Chat');
    expect(channelTitle('sms')).toBe('SMS');
    expect(channelTitle('facebook')).toBe('Facebook');
    expect(capitalized('')).toBe('');
  });

  it('puts GWS states in words', () => {
    expect(stateLabel('ReplyCreated')).toBe('Reply created');
    expect(stateLabel('PropertiesChanged')).toBe('Accepted');
  });

  it('shows the time of day for today and the day before that', () => {
    const now = new Date(2025, 4, 6, 12, 0).getTime();
    const earlier = new Date(2025, 4, 6, 9, 30).getTime();
    const yesterday = new Date(2025, 4, 5, 9, 30).getTime();
    expect(shortTime(earlier, now)).not.toBe(shortTime(yesterday, now));
    expect(shortTime(yesterday, now).length).toBeGreaterThan(shortTime(earlier, now).length);
    expect(shortTime(undefined, now)).toBe('');
  });

  it('renders again past midnight, when today becomes yesterday', async () => {
    vi.useFakeTimers({ now: new Date(2025, 4, 6, 23, 59, 0) });
    const at = new Date(2025, 4, 6, 23, 0).getTime();
    const shown = computed(() => shortTime(at));
    const before = shown.value;
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(shown.value).not.toBe(before);
    expect(shown.value).toBe(shortTime(at, Date.now()));
  });
});
