/**
 * Hook for `topograph deploy build` / `deploy push` (issue 6) against a local registry on 127.0.0.1.
 *
 * Not registered yet: the deploy command is not on main. When it is, add here, in a `describe`:
 *   1. start Debian's registry: `docker-registry serve cfg.yml` with `http.addr: 127.0.0.1:5000` and
 *      filesystem storage under .e2e-cache/registry (scripts/e2e/install.sh already installs it;
 *      env.sh's registries.conf marks 127.0.0.1:5000 insecure), stop it by its PID in afterAll;
 *   2. run the CLI's `deploy build` on examples/shop with the engine set to podman, and assert the
 *      images exist with the expected tags;
 *   3. run `deploy push` with registry 127.0.0.1:5000 and assert the registry's
 *      `Docker-Content-Digest` for each tag equals what the command reported.
 * Every check must be able to fail, and bounded (see engine.ts run/waitFor).
 */
export function registerDeployChecks(): void {
  // Intentionally empty until `topograph deploy` exists on main (see above).
}
