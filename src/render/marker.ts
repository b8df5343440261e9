/** The generated-file marker (defined in src/marker.ts, below every layer that writes files). */
export { GENERATED_MARKER, isGenerated } from '../marker';
