/**
 * MinIO (S3-compatible object storage). Services share the root user `minio`, whose password is the
 * secret `<NAME>_PASSWORD`; they get `S3_URL` (`http://minio:<password>@<name>:9000`: the S3
 * endpoint, the access key and the secret key; split them with an edge's template or variables).
 *
 * MinIO's community edition has been source-only since October 2025: no image is published for
 * later releases, and the Docker Hub repository is gone; quay.io/minio/minio keeps the archived
 * images (github.com/minio/minio#21647). The default is the last of them, RELEASE.2025-09-07T16-13-09Z,
 * which predates the fix of CVE-2025-62506: for anything but local development give `"image"`
 * (your own build, or a maintained fork). MinIO's tags are release dates, so a version line names
 * one of the releases below; any other needs `"image"`.
 *
 * Checked against the image's documentation (min.io/docs, github.com/minio/minio#18389): the image
 * has no curl since late 2023 and ships `mc`; `mc ready local` passes once the server is ready
 * (its config directory moved to /tmp: the root filesystem is read-only). The image runs as root
 * unless told otherwise: compose keeps that with every capability dropped (the volume is its own),
 * Kubernetes runs it as topograph's unprivileged user, which owns the volume through fsGroup.
 */
import { superuserSecret } from '../../postgres-roles';
import type { DependencyKindPack } from '../dependency';

/** The root user services connect as (the S3 access key). */
export const MINIO_USER = 'minio';

/** Version line → archived release tag. */
const RELEASES: Readonly<Record<string, string>> = { '2025.9': 'RELEASE.2025-09-07T16-13-09Z' };

/** MinIO. */
export const MINIO: DependencyKindPack = {
  name: 'minio',
  defaultVersion: '2025.9',
  image: (version) => `quay.io/minio/minio:${RELEASES[version] ?? `RELEASE.${version}`}`,
  port: 9000,
  command: ['server', '/data', '--address', ':9000', '--certs-dir', '/tmp/minio-certs'],
  healthCheck: { command: ['mc', '--config-dir', '/tmp/mc', 'ready', 'local'], interval: '5s', timeout: '5s', retries: 10, startPeriod: '5s' },
  dataPath: '/data',
  env: { MINIO_ROOT_USER: MINIO_USER },
  secretEnv: (name) => ({ MINIO_ROOT_PASSWORD: superuserSecret(name) }),
  connection: { env: 'S3_URL', scheme: 'http', username: MINIO_USER },
  connectionFor: (dependency) => ({ passwordSecret: superuserSecret(dependency) }),
};
