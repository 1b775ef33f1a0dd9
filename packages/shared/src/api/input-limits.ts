import { z } from 'zod';

/** How deep a `customData` object may nest (the object itself is level 1). */
export const maxJsonDepth = 10;
/** How large a `customData` object may be, serialised as JSON (UTF-8 bytes). */
export const maxJsonBytes = 16 * 1024;

/** Stable codes in a 400's `errors[].code`, so clients can tell these limits from other mistakes. */
export const inputLimitCodes = {
  jsonTooDeep: 'json.too_deep',
  jsonTooLarge: 'json.too_large',
  controlCharacter: 'text.control_character',
} as const;

/**
 * The nesting depth of a parsed JSON value, walked with an explicit stack: a body nested thousands of
 * levels deep is exactly what this guards against, so the check itself must not recurse.
 */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item.value !== 'object' || item.value === null) continue;
    const depth = item.depth + 1;
    deepest = Math.max(deepest, depth);
    // Stop descending once past the limit: the answer is "too deep" however much deeper it goes.
    if (depth > maxJsonDepth) continue;
    for (const child of Object.values(item.value)) stack.push({ value: child, depth });
  }
  return deepest;
}

/**
 * A JSON object for free-form data (`customData`): at most `maxJsonDepth` levels and `maxJsonBytes`.
 * Logto stores it in a jsonb column; bounding it here keeps crafted bodies away from Logto's database.
 */
export const jsonObjectSchema = z.record(z.string(), z.unknown()).superRefine((value, context) => {
  if (jsonDepth(value) > maxJsonDepth) {
    context.addIssue({
      code: 'custom',
      message: `Nest at most ${maxJsonDepth} levels deep`,
      params: { code: inputLimitCodes.jsonTooDeep },
    });
    return;
  }
  // TextEncoder, not Buffer: the SPA validates with the same schema in the browser.
  if (new TextEncoder().encode(JSON.stringify(value)).length > maxJsonBytes) {
    context.addIssue({
      code: 'custom',
      message: `At most ${maxJsonBytes / 1024} KB as JSON`,
      params: { code: inputLimitCodes.jsonTooLarge },
    });
  }
});

// C0 and C1 control characters, DEL included (NUL among them: PostgreSQL text cannot hold it).
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/;
// The same, less the line breaks and tab a multi-line field (a description, a reason) may hold.
// eslint-disable-next-line no-control-regex
const controlCharactersButLineBreaks = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * Text a person types: trimmed, bounded, no control characters (NUL, escapes, DEL, C1). Single-line
 * (names, searches) by default; `multiline` lets line breaks and tabs through (descriptions, reasons).
 */
export const plainTextSchema = ({
  min = 0,
  max,
  multiline = false,
}: {
  min?: number;
  max: number;
  multiline?: boolean;
}) => {
  const refused = multiline ? controlCharactersButLineBreaks : controlCharacters;
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((text) => !refused.test(text), {
      message: 'Control characters are not allowed',
      params: { code: inputLimitCodes.controlCharacter },
    });
};

/** The `q` of every list. */
export const searchQuerySchema = plainTextSchema({ max: 128 });

/** The stable code an input-limit issue carries (`json.too_deep`, …), or undefined for other issues. */
export function inputLimitCode(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code !== 'custom') return undefined;
  const code: unknown = issue.params?.code;
  return typeof code === 'string' ? code : undefined;
}
