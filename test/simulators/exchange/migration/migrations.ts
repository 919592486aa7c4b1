/**
 * Mailboxes leaving this Exchange for another instance (an on-premises mailbox moving to Exchange Online), per address.
 * While the move runs, EWS answers each operation on the mailbox with ErrorMailboxMoveInProgress; once it is done the
 * address here is a mail user pointing at the cloud (its targetAddress): EWS has no mailbox for it
 * (ErrorNonExistentMailbox) and Autodiscover answers redirectAddr to the cloud address, as a hybrid deployment does.
 * The items themselves are the test's to place on the other instance (a move keeps their Internet Message-IDs).
 */
export type MigrationPhase = { readonly phase: "moving" } | { readonly phase: "moved"; readonly cloudAddress: string };

export class MailboxMigrations {
  private readonly byAddress = new Map<string, MigrationPhase>();

  set(smtp: string, phase: MigrationPhase | null): void {
    if (phase) this.byAddress.set(smtp.toLowerCase(), phase);
    else this.byAddress.delete(smtp.toLowerCase());
  }

  get(smtp: string | undefined): MigrationPhase | undefined {
    return smtp ? this.byAddress.get(smtp.toLowerCase()) : undefined;
  }
}
