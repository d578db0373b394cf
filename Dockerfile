# syntax=docker/dockerfile:1
# One image for every Roster app (api, projector, relay, welcome, audit); compose picks the command.

FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# The `node` devDependency pins Node for npm scripts on developer machines; the image already is Node 24.
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build:all

FROM node:24-bookworm-slim AS production-dependencies
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=production-dependencies /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json ./
# Embedded data (EVENT_STORE=pglite) lives here; the compose stack uses PostgreSQL/EventStoreDB instead.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
ENV DATA_DIR=/app/data PORT=3000
EXPOSE 3000
# A small young generation: short scavenges, so a GC pause adds little to the latency tail (README, Operations).
CMD ["node", "--max-semi-space-size=8", "dist/apps/api/src/main.js"]
