import { describe, expect, it } from 'vitest';

import { supportReasonHeaders } from './support-reason.js';

describe('supportReasonHeaders', () => {
  it('sends nothing when no reason is needed', () => {
    expect(supportReasonHeaders(undefined)).toEqual({});
  });

  it('percent-encodes the trimmed reason, so any script and a literal % survive the header', () => {
    const headers = supportReasonHeaders('  工单 #42: 100% sure  ');
    const value = headers['X-Support-Reason'];
    expect(value).toBeDefined();
    expect(value).toMatch(/^[\x20-\x7e]+$/);
    expect(decodeURIComponent(value ?? '')).toBe('工单 #42: 100% sure');
  });

  it('refuses a reason the BFF would refuse', () => {
    expect(() => supportReasonHeaders('  x ')).toThrow();
  });
});
