# syntax=docker/dockerfile:1
# One image for every Java component of Streaming Lab: the command picks the role, as with
# bin/streaming-lab (docker-compose.yml runs ingest, publisher, packager and switcher from it).
#   docker build -t streaming-lab .
#   docker run --rm -p 1936:1936 -p 8080:8080 streaming-lab      # the whole lab, as `up`
#   docker run --rm streaming-lab ingest --help
# No Docker engine runs on the project's machines: lab's ComposeFilesTest parses this file and
# checks that every command line in it parses with the real CLI.

# Build: the reactor's wrapper and sources; the shaded jar is lab/target/streaming-lab.jar.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -q -DskipTests -pl lab -am package

# Run: a JRE on Alpine (busybox wget serves the health checks), as an unprivileged user.
FROM eclipse-temurin:17-jre-alpine
RUN addgroup -S -g 10001 lab \
    && adduser -S -D -H -u 10001 -G lab lab \
    && mkdir -p /data/hls \
    && chown -R lab:lab /data
# (A new named volume mounted on /data/hls takes that directory's owner: packagers can write.)
# The same launcher as a checkout's, POSIX sh for busybox: it gives each command the JVM flags
# chosen for it (README, Configuration); STREAMING_LAB_JAVA_OPTS replaces them. In a container
# the memory limit is the container's own, so the heap may grow to 75 % of it, not the JVM's 25 %.
COPY --from=build /src/lab/target/streaming-lab.jar /opt/streaming-lab/streaming-lab.jar
COPY --from=build /src/bin/streaming-lab /opt/streaming-lab/bin/streaming-lab
ENV STREAMING_LAB_JAR=/opt/streaming-lab/streaming-lab.jar \
    JDK_JAVA_OPTIONS=-XX:MaxRAMPercentage=75
USER 10001:10001
EXPOSE 1936 8080 8081 8082 9101 9102
# Every role serves Prometheus metrics over HTTP; set the URL of the role's endpoint (compose
# sets a health check per service). The default is the switcher's, which `up` also serves.
ENV STREAMING_LAB_HEALTH_URL=http://127.0.0.1:8080/metrics
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD wget -q -O /dev/null "$STREAMING_LAB_HEALTH_URL" || exit 1
ENTRYPOINT ["/opt/streaming-lab/bin/streaming-lab"]
CMD ["up", "--host", "0.0.0.0", "--data-dir", "/data"]
