import type { Construct } from 'constructs';
import { Service, type ServiceProps } from './service';

/** Props for a library. */
export interface LibraryProps extends Pick<ServiceProps, 'runtime' | 'runtimeVersion' | 'description' | 'build'> {}

/** A library: part of the topology for documentation and ordering, never built into an image or deployed. */
export class Library extends Service {
  public constructor(scope: Construct, id: string, props: LibraryProps) {
    super(scope, id, 'library', props);
  }
}
