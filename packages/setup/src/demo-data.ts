/**
 * The demo tenant: who exists, in which organizations, with which roles. Emails use example.com, which is
 * reserved for documentation (RFC 2606), so nothing is ever delivered to a real person.
 */

export type DemoOrganizationKey = 'acme' | 'globex' | 'initech';

export type DemoAccount = {
  username: string;
  email: string;
  password: string;
  name: string;
  /** What signing in as this account shows (the README and the emulator's sign-in page list it). */
  description: string;
};

/** The accounts a person signs in with. The passwords are public: demo tenants only. */
export const demoAccounts = [
  {
    username: 'ada',
    email: 'ada@example.com',
    password: 'ada-demo-password',
    name: 'Ada Admin',
    description: 'Admin of Acme Corp and Initech (1,000+ members), plain member of Globex',
  },
  {
    username: 'max',
    email: 'max@example.com',
    password: 'max-demo-password',
    name: 'Max Member',
    description: 'Member of Acme Corp, without admin permissions',
  },
  {
    username: 'sam',
    email: 'sam@example.com',
    password: 'sam-demo-password',
    name: 'Sam Support',
    description: 'Vendor support (global role portal-support), in no organization',
  },
] as const satisfies readonly DemoAccount[];

/** The support account's global roles. */
export const demoSupportAccount = { email: 'sam@example.com', roles: ['portal-support'] } as const;

export type DemoOrganization = {
  key: DemoOrganizationKey;
  name: string;
  description: string;
  /** Members by email, with their organization role (null: a member with no role). */
  members: ReadonlyArray<{ email: string; role: 'admin' | 'member' | null }>;
};

/** Colleagues that fill the small organizations: they exist as users but cannot sign in (no password). */
export const demoColleagues = [
  { email: 'priya.patel@example.com', name: 'Priya Patel' },
  { email: 'tom.becker@example.com', name: 'Tom Becker' },
  { email: 'lena.novak@example.com', name: 'Lena Novak' },
  { email: 'omar.haddad@example.com', name: 'Omar Haddad' },
  { email: 'mei.lin@example.com', name: 'Mei Lin' },
  { email: 'hank.scorpio@example.com', name: 'Hank Scorpio' },
  { email: 'nora.quinn@example.com', name: 'Nora Quinn' },
  { email: 'raj.mehta@example.com', name: 'Raj Mehta' },
] as const;

export const demoOrganizations: readonly DemoOrganization[] = [
  {
    key: 'acme',
    name: 'Acme Corp',
    description: 'A small customer with two admins.',
    members: [
      { email: 'ada@example.com', role: 'admin' },
      { email: 'max@example.com', role: 'member' },
      { email: 'priya.patel@example.com', role: 'admin' },
      { email: 'tom.becker@example.com', role: 'member' },
      { email: 'lena.novak@example.com', role: 'member' },
      { email: 'omar.haddad@example.com', role: 'member' },
      { email: 'mei.lin@example.com', role: null },
    ],
  },
  {
    key: 'globex',
    name: 'Globex',
    description: 'Ada is a plain member here; Hank Scorpio runs it.',
    members: [
      { email: 'hank.scorpio@example.com', role: 'admin' },
      { email: 'ada@example.com', role: 'member' },
      { email: 'nora.quinn@example.com', role: 'member' },
      { email: 'raj.mehta@example.com', role: 'member' },
    ],
  },
  {
    key: 'initech',
    name: 'Initech',
    description: 'A large customer: over a thousand members, for search and pagination.',
    members: [{ email: 'ada@example.com', role: 'admin' }],
  },
];

/** The large organization's other members are generated: `count` users with no password. */
export const largeOrganization = {
  key: 'initech',
  /** A domain of their own, so that a rerun finds them with one search (and nobody else). */
  emailDomain: 'initech.example.com',
  defaultCount: 1000,
  /** The first few generated members are admins too, the rest plain members. */
  adminCount: 3,
} as const satisfies {
  key: DemoOrganizationKey;
  emailDomain: string;
  defaultCount: number;
  adminCount: number;
};

const firstNames = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Amelia',
  'Oliver',
  'Sofia',
  'Elijah',
  'Aisha',
  'Mateo',
  'Yuki',
  'Lucas',
  'Fatima',
  'Ethan',
  'Chloe',
  'Arjun',
  'Zara',
  'Leo',
  'Ingrid',
  'Kwame',
  'Hana',
  'Diego',
  'Freya',
  'Tariq',
];
const lastNames = [
  'Smith',
  'Garcia',
  'Kim',
  'Müller',
  'Rossi',
  'Nguyen',
  'Okafor',
  'Silva',
  'Kowalski',
  'Dubois',
  'Sato',
  'Hansen',
  'Ali',
  'Jensen',
  'Costa',
  'Ivanova',
  'Brown',
  'Chen',
  'Singh',
  'Moreau',
  'Larsen',
  'Haddad',
];

/** Generated member `index` (0-based): a stable name and email, so reruns find the same people. */
export function largeOrganizationMember(index: number) {
  const first = firstNames[index % firstNames.length] ?? 'Member';
  const last = lastNames[Math.floor(index / firstNames.length) % lastNames.length] ?? 'Initech';
  const number = String(index + 1).padStart(4, '0');
  return {
    name: `${first} ${last}`,
    email: `${ascii(first)}.${ascii(last)}.${number}@${largeOrganization.emailDomain}`,
  };
}

const ascii = (value: string) =>
  value
    .normalize('NFKD')
    .replaceAll(/[^A-Za-z]/g, '')
    .toLowerCase();
