# syntax=docker/dockerfile:1
# callwright's image. Built from the repository root:
#   docker build -f docker/callwright.Dockerfile .
# (docker compose does this for you; see docker/README.md).

# ---- deps: production dependencies, with the tools better-sqlite3 may need
# to compile its native module when no prebuilt binary fits.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# ---- runtime: no compilers, no dev dependencies, not root.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
# tsx (a production dependency) runs the TypeScript sources as they are.
COPY src ./src
COPY seeds ./seeds
# The built-in simulator (PBX=sim) loads the very dialplan we ship; the
# deployment commands (asterisk:check, asterisk:agents) read asterisk-conf/.
COPY dialplan ./dialplan
COPY asterisk-conf ./asterisk-conf
COPY scripts ./scripts
# data/: the SQLite database when DATABASE_URL is sqlite (the sim profile);
# asterisk-agents/: pjsip_agents.conf written for the Asterisk container.
RUN mkdir -p /app/data /app/asterisk-agents \
 && chown node:node /app/data /app/asterisk-agents
# The `node` user comes with the base image (uid 1000).
USER node
# GraphQL/health/metrics, and the FastAGI server Asterisk calls for the IVR.
EXPOSE 4000 4573
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--import", "tsx", "src/main.ts"]
