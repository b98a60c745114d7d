/** Bad input to a review (unknown ref, unreadable file, a ref that does not synthesize): one line (or a short tail of the failing tool's output) for the person at the terminal. */
export class ReviewInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReviewInputError";
  }
}
