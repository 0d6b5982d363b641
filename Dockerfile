# syntax=docker/dockerfile:1.7
# One build, two images:
#   docker build --target connector -t at-connector:dev .
#   docker build --target simulator -t at-simulator:dev .
# Versions are pinned by tag; pin by digest too (image@sha256:...) where your policy requires it.

FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY simulator/pom.xml simulator/
COPY es-local/pom.xml es-local/
COPY connector/pom.xml connector/
COPY simulator/src simulator/src
COPY es-local/src es-local/src
COPY connector/src connector/src
COPY mappings mappings
COPY dashboards dashboards
COPY detection-rules detection-rules
# -Dmaven.test.skip: tests run in CI, not in the image build. -Dmdep.skip: es-local would otherwise unpack a
# 107 MB Elasticsearch distribution that only the tests use. The cache mount keeps ~/.m2 between builds.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -Dmaven.test.skip=true -Dmdep.skip=true -pl connector,simulator -am package \
    && cp connector/target/at-connector.jar simulator/target/at-simulator.jar /tmp/

FROM eclipse-temurin:17.0.16_8-jre-noble AS runtime
# curl is for the HEALTHCHECKs only (installed explicitly rather than relying on the base image having it)
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin app
WORKDIR /app

FROM runtime AS simulator
COPY --from=build --chown=10001:10001 /tmp/at-simulator.jar /app/at-simulator.jar
USER 10001:10001
EXPOSE 8080
# /_sim/stats is the simulator's unauthenticated status route
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8080/_sim/stats || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/at-simulator.jar"]
CMD ["--host", "0.0.0.0", "--port", "8080"]

FROM runtime AS connector
COPY --from=build --chown=10001:10001 /tmp/at-connector.jar /app/at-connector.jar
# the saved objects and detection rules `setup --kibana-url` imports, also as files for users who import them by
# hand
COPY --from=build --chown=10001:10001 /src/dashboards/*.ndjson /app/dashboards/
COPY --from=build --chown=10001:10001 /src/detection-rules/*.ndjson /app/detection-rules/
USER 10001:10001
# --metrics-port (AT_METRICS_PORT) serves /metrics and /health/live|ready
ENV AT_METRICS_PORT=9464
# the connector binds loopback by default; in a container the published port needs every interface
ENV AT_METRICS_HOST=0.0.0.0
EXPOSE 9464
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=4 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${AT_METRICS_PORT}/health/live" || exit 1
# the memory defaults bin/at-connector sets (README "Memory"): the serial collector (G1's own structures cost ~40 MB
# of RSS at a small heap, and more CPU) and 2 glibc malloc arenas instead of up to 8 per core
ENV MALLOC_ARENA_MAX=2
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-jar", \
    "/app/at-connector.jar"]
CMD ["--help"]
