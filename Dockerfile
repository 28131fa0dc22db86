# idsync's connectors and tools in one image. The command picks the binary:
#   docker run --rm idsync baton-clockify --help
#   docker run --rm idsync idsync --help
# deploy/README.md shows a one-shot sync, service mode and the Kubernetes example.
# test/deploy.test.ts replays the install steps below, so keep to the instructions it knows.

# Node 24 runs the TypeScript sources directly (type stripping), so there is no build stage.
# The base image creates the non-root user `node` (uid 1000, gid 1000) and an entrypoint that
# runs its first argument when that names a command on PATH
# (github.com/nodejs/docker-node, 24/bookworm-slim/Dockerfile and docker-entrypoint.sh).
FROM node:24-bookworm-slim

WORKDIR /opt/idsync

# The lockfile alone decides the runtime dependencies; none has an install script to run.
# Copied before the sources so that a source change does not reinstall them.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# package.json is also read at run time (the version). .dockerignore keeps tests out of src.
COPY bin ./bin
COPY src ./src

# Each binary under its own name on PATH: bin/<name>.js is the command <name>, and bin/_* are
# helpers. Node runs a symlinked script from its real path, so bin/_launch.js finds src/.
RUN mkdir commands && for file in bin/*.js; do \
      name="$(basename "$file" .js)"; \
      case "$name" in _*) continue ;; esac; \
      ln -s "../$file" "commands/$name"; \
    done

# The working folder: a one-shot sync writes sync.c1z here; mount a volume to keep it, and the
# previous sync in it for `idsync diff` and resume.
WORKDIR /data
RUN chown node:node /data

# BATON_C1Z_TEMP_DIR is left unset: a one-shot sync then keeps its working database beside its
# file, where a sync interrupted in one container resumes in the next. With a read-only root
# file system, set it to a writable folder (the Kubernetes example mounts an emptyDir on /tmp).
# Logs are JSON lines on stderr whether or not a terminal is attached.
ENV PATH=/opt/idsync/commands:$PATH \
    BATON_LOG_FORMAT=json

USER node

CMD ["idsync", "--help"]
