import { describe, expect, it } from 'vitest';
import { suggestionKey } from '../../../src/ui/screens/Entry/suggest-keys';

const key = (init: KeyboardEventInit & { code?: string }): KeyboardEvent =>
  ({
    key: init.key ?? '',
    code: init.code ?? '',
    altKey: !!init.altKey,
    shiftKey: !!init.shiftKey,
    ctrlKey: !!init.ctrlKey,
    metaKey: !!init.metaKey,
    isComposing: !!init.isComposing,
  }) as KeyboardEvent;

describe('suggestionKey', () => {
  it('Tab takes, arrows move, Esc closes', () => {
    expect(suggestionKey(key({ key: 'Tab', code: 'Tab' }), 3, true)).toEqual({ kind: 'pick' });
    expect(suggestionKey(key({ key: 'Tab', code: 'Tab', shiftKey: true }), 3, true)).toBeNull();
    expect(suggestionKey(key({ key: 'ArrowDown' }), 3, true)).toEqual({ kind: 'move', by: 1 });
    expect(suggestionKey(key({ key: 'ArrowUp' }), 3, true)).toEqual({ kind: 'move', by: -1 });
    expect(suggestionKey(key({ key: 'Escape' }), 3, true)).toEqual({ kind: 'close' });
  });

  it('1–9 pick where values hold no digits, Alt+1–9 elsewhere; a number past the list is typed', () => {
    expect(suggestionKey(key({ key: '2', code: 'Digit2' }), 3, true)).toEqual({ kind: 'pick', index: 1 });
    expect(suggestionKey(key({ key: '2', code: 'Digit2' }), 3, false)).toBeNull();
    expect(suggestionKey(key({ key: '2', code: 'Digit2', altKey: true }), 3, false)).toEqual({
      kind: 'pick',
      index: 1,
    });
    expect(suggestionKey(key({ key: '5', code: 'Digit5' }), 3, true)).toBeNull();
    expect(suggestionKey(key({ key: '0', code: 'Digit0' }), 3, true)).toBeNull();
  });

  it('does nothing while an input method composes, nor with Ctrl', () => {
    expect(suggestionKey(key({ key: 'Tab', code: 'Tab', isComposing: true }), 3, true)).toBeNull();
    expect(suggestionKey(key({ key: 'Process', code: 'Digit1' }), 3, true)).toBeNull();
    expect(suggestionKey(key({ key: '1', code: 'Digit1', ctrlKey: true }), 3, true)).toBeNull();
  });
});
