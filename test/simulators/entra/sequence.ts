/**
 * A counter that orders every grant, sign-in and revocation. "Issued before the revocation" is decided by it rather
 * than by timestamps, which can be equal within a millisecond (or frozen by a test's fake clock).
 */
export class Sequence {
  private value = 0;

  next(): number {
    this.value += 1;
    return this.value;
  }
}
