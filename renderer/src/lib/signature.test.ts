import { describe, expect, it } from 'vitest';
import { withSignature } from './signature';

describe('withSignature', () => {
  it('puts the signature after the text and above the quoted original', () => {
    expect(withSignature('', 'Alex\nSupport', '> Has it been paid?')).toBe(
      '\n\n-- \nAlex\nSupport\n\n> Has it been paid?',
    );
  });

  it('keeps a new e-mail signed without a quote, and leaves a draft alone without a signature', () => {
    expect(withSignature('Hello', 'Alex  \n\n')).toBe('Hello\n\n-- \nAlex');
    expect(withSignature('', '   ', '> quoted')).toBe('\n\n> quoted');
    expect(withSignature('Hi', '')).toBe('Hi');
  });
});
