# Build: the whole Maven reactor, tests skipped (CI runs them against a real PostgreSQL).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY routes/pom.xml routes/
COPY web/pom.xml web/
COPY perf/pom.xml perf/
RUN mvn -B -q -pl routes,web -am dependency:go-offline || true
COPY . .
RUN mvn -B -q -pl routes,web -am package -DskipTests

# Run: a JRE, a user without privileges, the jar and its settings.
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app trips \
 && mkdir -p /app/inbox /app/data /app/config \
 && chown -R trips /app
WORKDIR /app
COPY --from=build /src/web/target/trips.jar /app/trips.jar
COPY --from=build /src/config/ /app/config/
USER trips
ENV TRIPS_INBOX=/app/inbox \
    TRIPS_SFTP_HOST_KEY=/app/data/sftp-host-key \
    JAVA_OPTS="-Xmx512m"
VOLUME ["/app/inbox", "/app/data"]
EXPOSE 8080 2222
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s \
  CMD curl -fs "http://localhost:${TRIPS_HTTP_PORT:-8080}/api/health" || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/trips.jar \"$@\"", "--"]
