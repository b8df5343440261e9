/** The minio kind (src/graph/kinds/dependencies/minio.ts): the archived image, `mc ready`, the root user's password a secret. */
import { MINIO } from '../../src/graph/kinds/dependencies/minio';
import { describeKind } from './helpers';

describeKind({
  type: 'minio',
  image: 'quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z',
  port: 9000,
  healthCheck: ['mc', '--config-dir', '/tmp/mc', 'ready', 'local'],
  dataPath: '/data',
  secretEnv: { MINIO_ROOT_PASSWORD: 'MINIO_PASSWORD' },
  connectionEnv: 'S3_URL',
  url: 'http://minio:{MINIO_PASSWORD}@minio:9000',
  databases: false,
});

describe('minio: image', () => {
  it('maps a version line to its archived release tag; others are spelled as a tag to pull (and fail there)', () => {
    expect(MINIO.image('2025.9')).toBe('quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z');
    expect(MINIO.image('2026.1')).toBe('quay.io/minio/minio:RELEASE.2026.1');
  });
});
