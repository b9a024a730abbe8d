# syntax=docker/dockerfile:1
# One image for every role: `docker run IMAGE bot|worker|all` (default: all).
#
# The base is pinned to an exact Node release with the same major as the `node`
# devDependency the tests run on. To make builds fully reproducible, also pin the
# digest and let a dependency bot bump tag and digest together:
#   docker buildx imagetools inspect node:24.21.0-trixie-slim
#   FROM node:24.21.0-trixie-slim@sha256:<index digest> AS base
FROM node:24.21.0-trixie-slim AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# Type-checks src/ and bundles it into dist/ (scripts/bundle.ts) with the full (dev) dependency set.
FROM base AS build
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/bundle.ts ./scripts/
COPY src ./src
RUN npm run build

# Production dependencies only, installed from the lock file. No install script
# is needed: the one production package that has one (msgpackr-extract) is an
# optional speed-up with a pure JavaScript fallback.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts \
    && npm cache clean --force

FROM base AS runtime
# --expose-gc lets the worker collect the socket buffers of a trace part by part, which
# bounds its memory while streaming (src/storage/collect-read-buffers.ts); a 2 MiB semi-space
# (young generation) takes ~20 MB off each role's idle RSS. No --enable-source-maps: with the
# bundle it costs each role ~90 MB (add it to NODE_OPTIONS to debug; dist/ has the maps).
# glibc's allocator: two arenas instead of one per thread that ever allocated, and buffers of
# 128 KiB and more always in their own mappings (by default the threshold rises with every freed
# one, so freed part buffers stay in the heap): a worker idles ~30 MB lower after a capture.
# BENCHMARKS.md, issue 15. `npm run bench` starts capturebot with this NODE_OPTIONS and these
# MALLOC_* settings, read from here.
ENV NODE_ENV=production \
    NODE_OPTIONS="--expose-gc --max-semi-space-size=2" \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=131072 \
    PORT=3000
# package.json comes along for "type": "module"; everything stays owned by root,
# so the process cannot rewrite its own code.
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The image's `node` user, by number so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 3000
# Slim images have no curl: Node's own fetch asks the process it runs beside.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/main.js"]
CMD ["all"]
