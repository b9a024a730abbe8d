import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyArgs, execForm, healthcheck, parseDockerfile, type Stage } from '../support/dockerfile.js';
import { dockerignore } from '../support/dockerignore.js';
import { REPO_ROOT } from '../support/repo-root.js';

const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');
const stages = parseDockerfile(read('Dockerfile'));
const runtime = stages.at(-1)!;
const packageJson = JSON.parse(read('package.json')) as { devDependencies: Record<string, string>; scripts: Record<string, string> };

const all = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);
const last = (stage: Stage, keyword: string) => all(stage, keyword).at(-1);
const runs = (stage: Stage) => all(stage, 'RUN').map((i) => i.args);
const stageNames = new Set(stages.flatMap((s) => (s.name ? [s.name] : [])));
const externalImages = stages.map((s) => s.image).filter((image) => !stageNames.has(image));
const npmCi = (command: string) => /\bnpm\s+ci\b/.test(command);

/** A stage and every stage it is built FROM, nearest first. */
function lineage(stage: Stage): Stage[] {
  const parent = stages.find((s) => s.name === stage.image);
  return parent ? [stage, ...lineage(parent)] : [stage];
}

describe('the Dockerfile', () => {
  it('has a separate build stage and runtime stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = stages.find((s) => runs(s).some((r) => r.includes('npm run build')));
    expect(build).toBeDefined();
    expect(build).not.toBe(runtime);
  });

  it('pins every base image to an exact release of the Node major the tests run on', () => {
    expect(externalImages.length).toBeGreaterThan(0);
    const testMajor = Number(/(\d+)/.exec(packageJson.devDependencies['node'] ?? '')?.[1]);
    for (const image of externalImages) {
      const tag = /^(?:[\w.-]+\/)*node:([^@]+)/.exec(image)?.[1];
      expect(tag, `${image} is a node image with a tag`).toBeDefined();
      expect(tag).not.toMatch(/latest|current/);
      const version = /^(\d+)\.(\d+)\.(\d+)-[a-z]+-slim$/.exec(tag!);
      expect(version, `${image} names an exact version of a slim image`).not.toBeNull();
      expect(Number(version![1])).toBeGreaterThanOrEqual(24);
      expect(Number(version![1])).toBe(testMajor);
    }
  });

  it('builds with npm ci and npm run build, from the lock file', () => {
    const build = stages.find((s) => runs(s).some((r) => r.includes('npm run build')))!;
    const commands = runs(build);
    const install = commands.findIndex(npmCi);
    expect(install).toBeGreaterThanOrEqual(0);
    expect(commands.findIndex((r) => r.includes('npm run build'))).toBeGreaterThan(install);
    expect(packageJson.scripts['build']).toBeDefined();
    const copied = all(build, 'COPY').flatMap((c) => copyArgs(c.args).sources);
    expect(copied).toContain('package-lock.json');
  });

  it('puts only production dependencies into the runtime image', () => {
    const fromOtherStages = all(runtime, 'COPY').map((c) => copyArgs(c.args)).filter((c) => c.from !== undefined);
    const modules = fromOtherStages.filter((c) => c.sources.some((s) => s.includes('node_modules')));
    expect(modules.length).toBe(1);
    const source = stages.find((s) => s.name === modules[0]!.from)!;
    const installs = lineage(source).flatMap(runs).filter(npmCi);
    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) expect(install).toMatch(/--omit=dev\b/);
    // The runtime itself installs nothing and copies nothing from the build stage but dist/.
    expect(lineage(runtime).flatMap(runs).some((r) => /\bnpm\s+(ci|install|i)\b/.test(r))).toBe(false);
    const fromBuild = fromOtherStages.filter((c) => runs(stages.find((s) => s.name === c.from)!).some((r) => r.includes('npm run build')));
    expect(fromBuild.flatMap((c) => c.sources)).toEqual(['/app/dist']);
  });

  it('runs as a non-root user given by number, so Kubernetes can verify runAsNonRoot', () => {
    const user = last(runtime, 'USER')?.args;
    expect(user).toBeDefined();
    const [uid] = user!.split(':');
    expect(uid).toMatch(/^\d+$/);
    expect(Number(uid)).toBeGreaterThan(0);
  });

  it('starts node dist/main.js, with the role as its argument and all by default', () => {
    expect(execForm(last(runtime, 'ENTRYPOINT')!.args)).toEqual(['node', 'dist/main.js']);
    expect(execForm(last(runtime, 'CMD')!.args)).toEqual(['all']);
  });

  it('runs the entry point that npm run build emits', () => {
    // npm run build type-checks, then bundles src/main.ts into dist/main.js (test/e2e/entry.test.ts runs that bundle).
    expect(packageJson.scripts['build']).toContain('scripts/bundle.ts');
    const bundleScript = read('scripts/bundle.ts');
    expect(bundleScript).toContain("entryPoints: ['src/main.ts']");
    expect(bundleScript).toContain("default: 'dist'");
    expect(existsSync(join(REPO_ROOT, 'src/main.ts'))).toBe(true);
  });

  it('checks /healthz with node itself, since slim images have no curl', () => {
    const check = healthcheck(last(runtime, 'HEALTHCHECK')!.args);
    expect(check.command?.[0]).toBe('node');
    expect(check.command?.join(' ')).toContain('/healthz');
    expect(check.command?.join(' ')).not.toMatch(/curl|wget/);
    expect(check.options['timeout']).toBeDefined();
  });

  it('copies from the build context only files that exist and that .dockerignore lets through', () => {
    const ignored = dockerignore(read('.dockerignore'));
    const sources = stages.flatMap((s) => all(s, 'COPY').map((c) => copyArgs(c.args))).filter((c) => c.from === undefined);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources.flatMap((c) => c.sources)) {
      expect(existsSync(join(REPO_ROOT, source)), `${source} exists`).toBe(true);
      expect(ignored(source), `${source} is in the build context`).toBe(false);
    }
  });
});

describe('.dockerignore', () => {
  const ignored = dockerignore(read('.dockerignore'));

  it('keeps dependencies, git history, build output, test data and the demo out of the build context', () => {
    for (const path of [
      'node_modules/zod/package.json',
      '.git/HEAD',
      'dist/main.js',
      'coverage/index.html',
      'test/ship/dockerfile.test.ts',
      'test/fixtures/balancer-502.scap',
      'captures/capture-1.scap.gz',
      'src/kube/testdata/sample-job.ts',
      'src/capture/names.test.ts',
      '.env',
      'deploy/base/kustomization.yaml',
      'scripts/demo.ts',
    ]) {
      expect(ignored(path), path).toBe(true);
    }
  });

  it('lets the build inputs through', () => {
    for (const path of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/bundle.ts', 'src/main.ts', 'src/capture/names.ts']) {
      expect(ignored(path), path).toBe(false);
    }
  });
});
