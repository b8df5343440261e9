import { DEPENDENCY_VERSIONS } from '../defaults';

/**
 * The commented starter graph `topograph init` writes. `schema` is the `$schema` reference for
 * editors (a path relative to the graph); no `$schema` line without one.
 */
export function starterGraph(name: string, schema?: string): string {
  return `// ${name}: a topograph topology graph. Reference: docs/topology-graph.md in the topograph package.
// Comments like these are allowed (JSON with comments, as in tsconfig.json).
// Next: edit it, then run 'topograph validate' and 'topograph synth'.
{
${schema ? `  "$schema": ${JSON.stringify(schema)},\n` : ''}  "name": "${name}",
  "version": "0.1.0",
  "services": [
    {
      // A long-running HTTP service, built from the sources in "build.context".
      "name": "api",
      "archetype": "web-service",
      "runtime": "node",            // python | node | bun | go
      "framework": "express",       // fastapi | flask (python), express | fastify (node)
      "entry": "dist/index.js",     // what 'node' runs after 'npm run build'
      "port": 3000,
      "health": { "path": "/health" },
      "build": { "context": "." },  // relative to this file; needs package.json + package-lock.json
      "env": { "LOG_LEVEL": "info" },
      "secrets": ["SESSION_SECRET"], // names only: values come from .env or a Kubernetes Secret
      "resources": {
        "limits": { "cpu": 1, "memory": "512Mi" },
        "reservations": { "cpu": "250m", "memory": "128Mi" }
      }
    }
  ],
  "dependencies": [
    // Backing services from official images. Each user of postgres gets its own database.
    {
      "name": "postgres", "type": "postgres", "version": "${DEPENDENCY_VERSIONS.postgres}", "storage": "5Gi",
      "resources": { "limits": { "cpu": 1, "memory": "1Gi" } } // without limits, synth warns
    }
  ],
  "edges": [
    // "from" needs "to": wires DATABASE_URL into api and starts postgres first.
    { "from": "api", "to": "postgres" }
  ]
}
`;
}
