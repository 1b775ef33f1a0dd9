export type SetupLogger = (line: string) => void;

/**
 * What a setup run did, in the words a person reads: "organization scope read:members". Entries are
 * logged as they happen, so a long run shows progress.
 */
export class SetupReport {
  readonly created: string[] = [];
  readonly updated: string[] = [];
  readonly existing: string[] = [];

  constructor(private readonly log: SetupLogger = () => undefined) {}

  recordCreated(what: string) {
    this.created.push(what);
    this.log(`  + created ${what}`);
  }

  /** Something that existed and was completed (e.g. missing scopes added to an existing role). */
  recordUpdated(what: string) {
    this.updated.push(what);
    this.log(`  ~ updated ${what}`);
  }

  recordExisting(what: string) {
    this.existing.push(what);
    this.log(`  = already there: ${what}`);
  }

  /** One line, e.g. "9 created, 1 updated, 3 already there". */
  summary(): string {
    return `${this.created.length} created, ${this.updated.length} updated, ${this.existing.length} already there`;
  }
}
