# syntax=docker/dockerfile:1
# Flowline: the runtime with the designer built in, as one small image that runs as a non-root
# user. Build from the repository root:  docker build -t flowline .
# See docs/deploy.md (sizing, MongoDB, backups, upgrades) and deploy/compose.yaml.
#
# The base is pinned to a full Node.js release; for byte-for-byte reproducible builds also pin its
# digest (docker buildx imagetools inspect node:20.20.2-bookworm-slim) as node:…@sha256:<digest>.

# ---- build: install with the lockfile as is, build the designer, bundle the runtime ----------
FROM node:20.20.2-bookworm-slim AS build
ENV CI=true
# pnpm from the npm registry at the version the lockfile was written with (corepack's bundled
# signing keys lag behind pnpm releases).
RUN npm install --global pnpm@12.21.0 && npm cache clean --force
WORKDIR /src
# Packages are fetched from the lockfile alone, so this layer is rebuilt only when it changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
COPY . .
RUN pnpm install --offline --frozen-lockfile
RUN pnpm --filter @flowline/designer build
# runtime/dist/main.mjs (the server) and rotateKeys.mjs: plain ES modules, no tsx at run time.
RUN pnpm exec tsx deploy/bundleRuntime.ts runtime/dist
# What the bundle loads from node_modules (libsql with its platform binary, mongodb) with their
# dependencies, copied as the frozen install resolved them: the image's only node_modules.
RUN pnpm exec tsx deploy/copyExternals.ts /out/node_modules

# ---- runtime: node, the production dependencies, the bundle, the designer ----------------------
FROM node:20.20.2-bookworm-slim AS runtime
ENV NODE_ENV=production \
    FLOWLINE_HOST=0.0.0.0 \
    FLOWLINE_PORT=3000 \
    FLOWLINE_DATA_DIR=/data \
    FLOWLINE_DESIGNER_DIR=/app/designer/dist
WORKDIR /app
COPY --from=build /out/node_modules ./node_modules
COPY --from=build /src/runtime/dist ./runtime/dist
COPY --from=build /src/designer/dist ./designer/dist
COPY deploy/healthcheck.mjs deploy/docker-entrypoint.sh ./
# The data directory (SQLite; unused with FLOWLINE_STORE=mongodb) belongs to the runtime's user.
RUN mkdir -p /data && chown 1000:1000 /data
# The image's `node` user, by number so an orchestrator can verify it is not root (runAsNonRoot).
USER 1000:1000
VOLUME ["/data"]
EXPOSE 3000
# Ready means the store accepts writes (GET /readyz), not merely that the process answers.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "/app/healthcheck.mjs"]
# FLOWLINE_<NAME>_FILE variables are read into FLOWLINE_<NAME> (secrets as files), then the command
# runs: the server by default; `node /app/runtime/dist/rotateKeys.mjs` re-wraps credentials.
ENTRYPOINT ["/app/docker-entrypoint.sh"]
CMD ["node", "--enable-source-maps", "--max-semi-space-size=4", "--expose-gc", "/app/runtime/dist/main.mjs"]
