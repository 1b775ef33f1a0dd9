import { describe, expect, it } from 'vitest';

import en from '../locales/en.json';
import zhCN from '../locales/zh-CN.json';

import { detectLanguage } from './i18n.js';

const pluralSuffix = /_(zero|one|two|few|many|other)$/;

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  if (typeof value === 'string') {
    entries.set(prefix, value);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      for (const [childKey, text] of flatten(child, prefix ? `${prefix}.${key}` : key))
        entries.set(childKey, text);
    }
  }
  return entries;
}

/** Keys without plural suffixes: Chinese has one plural form where English has two. */
const baseKeys = (entries: Map<string, string>) =>
  new Set([...entries.keys()].map((key) => key.replace(pluralSuffix, '')));
const placeholders = (text: string) =>
  [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((match) => match[1]).sort();

describe('translations', () => {
  const english = flatten(en);
  const chinese = flatten(zhCN);

  it('has every English string in Simplified Chinese, and nothing extra', () => {
    expect([...baseKeys(chinese)].sort()).toEqual([...baseKeys(english)].sort());
  });

  it('has no empty strings and keeps every placeholder', () => {
    for (const [key, text] of chinese) {
      expect(text.trim(), key).not.toBe('');
      const englishText = english.get(key) ?? english.get(key.replace(pluralSuffix, '_other'));
      expect(englishText, key).toBeDefined();
      expect(placeholders(text), key).toEqual(placeholders(englishText ?? ''));
    }
    for (const [key, text] of english) expect(text.trim(), key).not.toBe('');
  });

  it('explains every kind of error, and says every audit action, in both languages', async () => {
    const { errorKinds } = await import('./describe-error.js');
    const { auditActions } = await import('@portal/shared');
    for (const kind of errorKinds) {
      for (const part of ['title', 'description']) {
        expect(english.get(`errors.${kind}.${part}`), kind).toBeTruthy();
        expect(chinese.get(`errors.${kind}.${part}`), kind).toBeTruthy();
      }
    }
    for (const action of auditActions) {
      const key = action.replaceAll('.', '_');
      for (const group of ['actions', 'sentences']) {
        expect(english.get(`auditLog.${group}.${key}`), action).toBeTruthy();
        expect(chinese.get(`auditLog.${group}.${key}`), action).toBeTruthy();
      }
    }
  });

  it('describes every organization permission in both languages', async () => {
    const { allOrganizationPermissions } = await import('@portal/shared');
    for (const permission of allOrganizationPermissions) {
      expect(english.get(`permissions.${permission}`), permission).toBeTruthy();
      expect(chinese.get(`permissions.${permission}`), permission).toBeTruthy();
    }
  });
});

describe('detectLanguage', () => {
  it('prefers a stored choice, then the browser languages', () => {
    expect(detectLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(detectLanguage('fr', ['zh-TW', 'en'])).toBe('zh-CN');
    expect(detectLanguage(null, ['de-DE', 'en-GB', 'zh'])).toBe('en');
    expect(detectLanguage(null, ['de-DE'])).toBe('en');
  });
});
