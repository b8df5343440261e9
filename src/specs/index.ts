// The specs/assertions.json format.
export * from './schema';
export { ASSERTIONS_FILE, loadAssertions, validateAssertions, verificationOf, type AssertionsLoad, type VerificationSummary } from './load';
