/**
 * Every secret string the simulator has handed out, so a test can grep a database dump or a log for any of them and
 * prove nothing leaked. Client secrets are included: they are secrets the simulator issued too.
 */

export type IssuedTokenKind = "authorization_code" | "access_token" | "id_token" | "refresh_token" | "client_secret";

export interface IssuedToken {
  readonly kind: IssuedTokenKind;
  readonly value: string;
  readonly clientId: string;
  readonly tenantId?: string;
  readonly userObjectId?: string;
  /** `aud` of JWTs. */
  readonly audience?: string;
  readonly issuedAt: string;
}

export class IssuedTokenLog {
  private readonly entries: IssuedToken[] = [];

  record(entry: IssuedToken): void {
    this.entries.push(entry);
  }

  list(filter: { kind?: IssuedTokenKind; clientId?: string; userObjectId?: string } = {}): IssuedToken[] {
    return this.entries.filter(
      (e) =>
        (filter.kind === undefined || e.kind === filter.kind) &&
        (filter.clientId === undefined || e.clientId === filter.clientId) &&
        (filter.userObjectId === undefined || e.userObjectId === filter.userObjectId),
    );
  }
}
