import { customAlphabet } from 'nanoid';

// Logto's ids: lower-case letters and digits; 12 characters for users and organizations, 21 otherwise.
const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
export const buildIdGenerator = (size: number) => customAlphabet(alphabet, size);
export const generateStandardShortId = buildIdGenerator(12);
export const generateStandardId = buildIdGenerator(21);
export const generateSecret = customAlphabet(
  '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  32,
);
