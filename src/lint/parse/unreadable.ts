/** The one way a parser says it cannot read a file; the engine reports it as a `file-unreadable` finding. */
export class UnreadableFileError extends Error {
  constructor(
    message: string,
    /** 1-based line of the problem in the file, when known. */
    public readonly line?: number,
    /** How to fix it, when it is not a syntax error (the engine's default fix). */
    public readonly fix?: string,
  ) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}
