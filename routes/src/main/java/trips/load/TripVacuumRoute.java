package trips.load;

import org.apache.camel.builder.RouteBuilder;

/** Every trips.ingest.vacuum-interval-ms, the partitions of trip whose visibility map lags are vacuumed. */
public final class TripVacuumRoute extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:trip-vacuum?period={{trips.ingest.vacuum-interval-ms}}&delay={{trips.ingest.vacuum-interval-ms}}")
            .routeId("trip-vacuum")
            .bean("tripVacuum", "vacuumLagging");
    }
}
