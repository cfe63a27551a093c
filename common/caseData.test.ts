import { describe, expect, it } from 'vitest';
import {
  caseValueShown,
  caseValueToSend,
  DISPOSITION_REQUIRED_SENTENCE,
  dispositionOf,
  doneRefusal,
  isSystemCaseKey,
  splitCaseData,
} from './caseData';
import type { UserData } from './model';

describe('isSystemCaseKey', () => {
  it.each([
    'RTargetAgentSelected',
    'RStrategyName',
    'RRequestedSkill',
    'CBR-actual_volume',
    'Header From',
    'Header Message-ID',
    // 003's e-mail samples: the headers the mail server attached to every e-mail.
    'Header_Content-Type',
    'Header_Date',
    'Header_MIME-Version',
    'Header_Message-ID',
    '_AutoReplyCount',
    'GCTI_Queue',
    'IW_CaseUid',
  ])('folds %s away as routing or system data', (key) => {
    expect(isSystemCaseKey(key)).toBe(true);
  });

  it.each([
    'Subject',
    'FirstName',
    'CustomerSegment',
    'Notes',
    'Region',
    'RMANumber',
    'R',
    'ServiceType',
    'DispositionCode',
    'Header',
    'cbr-lowercase',
  ])('keeps %s with the business keys', (key) => {
    expect(isSystemCaseKey(key)).toBe(false);
  });
});

describe('splitCaseData', () => {
  it('lists business keys in the server order, apart from the system keys, values as text', () => {
    const split = splitCaseData({
      RTargetAgentSelected: 'agent1',
      FirstName: 'Ada',
      _private: true,
      Amount: 42,
      Tags: ['a', 'b'],
      Empty: null,
    });
    expect(split.business).toEqual([
      { key: 'FirstName', value: 'Ada' },
      { key: 'Amount', value: '42' },
      { key: 'Tags', value: '["a","b"]' },
      { key: 'Empty', value: '' },
    ]);
    expect(split.system).toEqual([
      { key: 'RTargetAgentSelected', value: 'agent1' },
      { key: '_private', value: 'true' },
    ]);
  });
});

describe('caseValueShown', () => {
  it("decodes a mail header's encoded words (Subject, FromPersonal), and leaves other keys' values as stored", () => {
    expect(caseValueShown('Subject', '=?UTF-8?B?w5xiZXJ3ZWlzdW5n?= 80')).toBe('Überweisung 80');
    expect(caseValueShown('FromPersonal', '=?iso-8859-1?Q?J=FCrgen_M=FCller?=')).toBe(
      'Jürgen Müller',
    );
    // Only the headers: another key keeps what the server holds, code and all.
    expect(caseValueShown('Notes', '=?UTF-8?B?w5xiZXJ3ZWlzdW5n?=')).toBe(
      '=?UTF-8?B?w5xiZXJ3ZWlzdW5n?=',
    );
    expect(caseValueShown('Subject', 'Invoice 80')).toBe('Invoice 80');
  });
});

describe('dispositionOf', () => {
  it('answers the stored code, and undefined for a missing or blank one', () => {
    expect(dispositionOf({ DispositionCode: 'Resolved' }, 'DispositionCode')).toBe('Resolved');
    expect(dispositionOf({ Wrap: 'Escalated' }, 'DispositionCode')).toBeUndefined();
    expect(dispositionOf({ DispositionCode: '  ' }, 'DispositionCode')).toBeUndefined();
  });

  it('reads only what the case data holds, whatever a person named the key', () => {
    // A plain property read finds Object.prototype's members (it threw, and broke every list).
    const keys = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__'];
    expect(keys.map((key) => dispositionOf({}, key))).toEqual(keys.map(() => undefined));
    const held = JSON.parse('{"constructor":"Resolved","__proto__":"Escalated"}') as UserData;
    expect(dispositionOf(held, 'constructor')).toBe('Resolved');
    expect(dispositionOf(held, '__proto__')).toBe('Escalated');
    expect(doneRefusal({ dispositionRequired: true, dispositionKey: 'valueOf' }, {})).toBe(
      DISPOSITION_REQUIRED_SENTENCE,
    );
  });
});

describe('doneRefusal', () => {
  const required = { dispositionRequired: true, dispositionKey: 'WrapUp' };
  it('refuses Done while a required disposition is missing under the configured key', () => {
    expect(doneRefusal(required, {})).toBe(DISPOSITION_REQUIRED_SENTENCE);
    expect(doneRefusal(required, { DispositionCode: 'Resolved' })).toBe(
      DISPOSITION_REQUIRED_SENTENCE,
    );
  });
  it('lets Done go once the disposition is stored, or when none is required', () => {
    expect(doneRefusal(required, { WrapUp: 'Resolved' })).toBeUndefined();
    expect(doneRefusal({ ...required, dispositionRequired: false }, {})).toBeUndefined();
  });
});

describe('caseValueToSend', () => {
  it('sends a number where the server holds one and the text is one as written, text otherwise', () => {
    expect(caseValueToSend(5, '6')).toBe(6);
    expect(caseValueToSend(5, '-2.5')).toBe(-2.5);
    expect(caseValueToSend(5, '007')).toBe('007');
    expect(caseValueToSend(5, '1e3')).toBe('1e3');
    expect(caseValueToSend(5, 'Gold')).toBe('Gold');
    expect(caseValueToSend('5', '6')).toBe('6');
    expect(caseValueToSend(undefined, '6')).toBe('6');
  });
});
