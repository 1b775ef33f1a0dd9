import type { Organization } from '@portal/shared';
import { describe, expect, it } from 'vitest';

import {
  changedSettings,
  settingsFieldErrors,
  settingsFieldProblem,
  settingsFormSchema,
  settingsFormToBody,
  settingsFormValues,
} from './settings-form.js';

const acme: Organization = {
  id: 'acme1',
  name: 'Acme Corp',
  description: null,
  customData: { plan: 'enterprise' },
  branding: { logoUrl: 'https://cdn.example.com/acme.png' },
  color: { primaryColor: '#4F46E5' },
  isMfaRequired: false,
  createdAt: 1,
};

describe('settings form ↔ API', () => {
  it('shows unset values as empty fields', () => {
    expect(settingsFormValues(acme)).toEqual({
      name: 'Acme Corp',
      description: '',
      branding: {
        logoUrl: 'https://cdn.example.com/acme.png',
        darkLogoUrl: '',
        favicon: '',
        darkFavicon: '',
      },
      color: { primaryColor: '#4F46E5', isDarkModeEnabled: false, darkPrimaryColor: '' },
      reason: '',
    });
  });

  it('turns emptied fields into null (remove) and trims the rest', () => {
    const values = settingsFormValues(acme);
    values.description = '  Makers of everything  ';
    values.branding.logoUrl = '';
    const body = settingsFormToBody(values);
    expect(body.description).toBe('Makers of everything');
    expect(body.branding.logoUrl).toBeNull();
    expect(body.color.darkPrimaryColor).toBeNull();
  });

  it('sends only what changed, and nothing when nothing did', () => {
    const untouched = settingsFormToBody(settingsFormValues(acme));
    expect(changedSettings(untouched, acme)).toBeUndefined();

    const values = settingsFormValues(acme);
    values.name = 'Acme Corporation';
    values.branding.logoUrl = '';
    values.branding.favicon = 'https://cdn.example.com/favicon.ico';
    values.color.primaryColor = '#4f46e5'; // same colour, other case
    values.color.isDarkModeEnabled = true;
    expect(changedSettings(settingsFormToBody(values), acme)).toEqual({
      name: 'Acme Corporation',
      branding: { logoUrl: null, favicon: 'https://cdn.example.com/favicon.ico' },
      color: { isDarkModeEnabled: true },
    });
  });

  it('validates with the shared body schema, each problem on its own field', () => {
    const values = settingsFormValues(acme);
    values.name = '   ';
    values.branding.darkLogoUrl = 'ftp://files.example.com/logo.png';
    values.color.primaryColor = 'indigo';
    const result = settingsFormSchema(false).safeParse(values);
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.')).sort();
    expect(paths).toEqual(['branding.darkLogoUrl', 'color.primaryColor', 'name']);
    // The schema's own issue codes, so the form can say "too long" apart from "missing".
    const codes = Object.fromEntries(
      (result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.code]),
    );
    expect(codes).toMatchObject({ name: 'too_small', 'color.primaryColor': 'invalid_format' });
  });

  it('requires a reason from support staff only', () => {
    const values = settingsFormValues(acme);
    expect(settingsFormSchema(false).safeParse(values).success).toBe(true);
    const withoutReason = settingsFormSchema(true).safeParse(values);
    expect(withoutReason.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['reason']);
    const withReason = settingsFormSchema(true).parse({ ...values, reason: ' Ticket 42 ' });
    expect(withReason.reason).toBe('Ticket 42');
  });

  it('puts the BFF’s per-field errors on the form’s fields', () => {
    expect(
      settingsFieldErrors([
        { path: 'body.branding.logoUrl', message: 'Invalid URL' },
        { path: 'body.name', message: 'Too short' },
        { path: 'body.customData', message: 'Odd' },
      ]),
    ).toEqual({
      fields: [
        { field: 'branding.logoUrl', message: 'Invalid URL' },
        { field: 'name', message: 'Too short' },
      ],
      other: ['Odd'],
    });
  });

  it('picks the words for a field’s problem', () => {
    expect(settingsFieldProblem('name', 'too_small')).toBe('nameRequired');
    expect(settingsFieldProblem('name', 'too_big')).toBe('nameTooLong');
    expect(settingsFieldProblem('branding.favicon', 'invalid_format')).toBe('imageUrl');
    expect(settingsFieldProblem('color.darkPrimaryColor', 'invalid_format')).toBe('color');
    expect(settingsFieldProblem('reason', 'too_small')).toBe('reasonRequired');
  });
});
