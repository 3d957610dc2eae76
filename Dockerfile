# syntax=docker/dockerfile:1
# The exporter, the relay, the daily alert summary and the status page: one image, four entry points
# (docker-compose.monitoring.yml picks the command).
#   docker build -t clicky-observability .
#   docker run clicky-observability                                     # the exporter, port 9470
#   docker run clicky-observability node dist/alerting/relay/main.js    # the relay, port 9471
#   docker run clicky-observability node dist/alerting/summary/main.js  # the summary, port 9472
#   docker run clicky-observability node dist/status/main.js            # the status page, port 9473
ARG NODE_IMAGE=node:24.18.0-bookworm-slim

# Production dependencies only: what the runtime image carries.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Everything, to compile the TypeScript.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
# The commit built, for the services' clicky_<service>_build_info gauges:
#   docker build --build-arg APP_REVISION=$(git rev-parse --short HEAD) .
ARG APP_REVISION=unknown
ENV APP_REVISION=${APP_REVISION}
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The relay's spool volume takes this directory's owner: the unprivileged user must own it.
RUN mkdir -p /var/lib/relay && chown node:node /var/lib/relay
# The image's unprivileged user (uid 1000): the services need no privilege.
USER node
EXPOSE 9470 9471 9472 9473
CMD ["node", "dist/exporter/src/main.js"]
