/**
 * A command line Strata cannot act on: an unknown command or option, a missing or extra
 * argument, a malformed option value. `main` prints it with a pointer to the help and
 * exits with status 2, apart from failures of a well-formed command (status 1).
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}
