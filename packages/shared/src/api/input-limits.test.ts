import { describe, expect, it } from 'vitest';

import type { z } from 'zod';

import {
  inputLimitCode,
  inputLimitCodes,
  jsonDepth,
  jsonObjectSchema,
  maxJsonBytes,
  maxJsonDepth,
  plainTextSchema,
  searchQuerySchema,
} from './input-limits.js';
import { updateOrganizationBodySchema } from './organizations.js';

/** `{ a: { a: … } }`, `levels` objects deep, built without recursion. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let level = 1; level < levels; level += 1) value = { a: value };
  return value;
}

const issueCodes = (result: { error?: z.ZodError | undefined }) =>
  (result.error?.issues ?? []).map(inputLimitCode);

describe('jsonObjectSchema', () => {
  it('measures depth without recursing, even 100,000 levels deep', () => {
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth({ a: [1, { b: null }] })).toBe(3);
    expect(jsonDepth(nested(maxJsonDepth))).toBe(maxJsonDepth);
    expect(jsonDepth(nested(100_000))).toBe(maxJsonDepth + 1);
  });

  it(`accepts ${maxJsonDepth} levels and refuses ${maxJsonDepth + 1} and 1,500 with json.too_deep`, () => {
    expect(jsonObjectSchema.safeParse(nested(maxJsonDepth)).success).toBe(true);
    for (const levels of [maxJsonDepth + 1, 1500]) {
      const result = jsonObjectSchema.safeParse(nested(levels));
      expect(result.success).toBe(false);
      expect(issueCodes(result)).toEqual([inputLimitCodes.jsonTooDeep]);
    }
  });

  it('refuses more than 16 KB (counted in UTF-8 bytes) with json.too_large', () => {
    const fits = { text: 'x'.repeat(maxJsonBytes - 20) };
    expect(jsonObjectSchema.safeParse(fits).success).toBe(true);
    // 3 bytes per character in UTF-8: fewer characters than the limit, more bytes.
    const tooLarge = jsonObjectSchema.safeParse({ text: '€'.repeat(maxJsonBytes / 2) });
    expect(issueCodes(tooLarge)).toEqual([inputLimitCodes.jsonTooLarge]);
  });

  it('is what a settings change checks customData with', () => {
    expect(updateOrganizationBodySchema.safeParse({ customData: nested(1500) }).success).toBe(
      false,
    );
    expect(updateOrganizationBodySchema.safeParse({ customData: { plan: 'pro' } }).success).toBe(
      true,
    );
  });
});

describe('plainTextSchema', () => {
  it('refuses NUL and other control characters anywhere but trimmed edges', () => {
    for (const text of ['a\u0000b', '\u0000', 'a\u0007', 'x\u007fy', 'x\u0085y', 'a\nb']) {
      const result = searchQuerySchema.safeParse(text);
      expect(result.success, JSON.stringify(text)).toBe(false);
      expect(issueCodes(result)).toEqual([inputLimitCodes.controlCharacter]);
    }
  });

  it('keeps ordinary text, including non-Latin scripts and emoji, trimmed', () => {
    expect(searchQuerySchema.parse('  Zoë 张伟 🚀 ')).toBe('Zoë 张伟 🚀');
    expect(plainTextSchema({ min: 1, max: 3 }).safeParse('abcd').success).toBe(false);
    expect(plainTextSchema({ min: 1, max: 3 }).safeParse('  ').success).toBe(false);
  });
});

describe('plainTextSchema({ multiline: true })', () => {
  const multiline = plainTextSchema({ max: 256, multiline: true });

  it('lets line breaks and tabs through (descriptions, reasons) and nothing else of C0/C1', () => {
    expect(multiline.parse('Line one\r\nLine two\tend')).toBe('Line one\r\nLine two\tend');
    for (const text of ['a\u0000b', 'a\u001bb', 'a\u007fb', 'a\u0085b']) {
      expect(issueCodes(multiline.safeParse(text)), JSON.stringify(text)).toEqual([
        inputLimitCodes.controlCharacter,
      ]);
    }
  });
});
