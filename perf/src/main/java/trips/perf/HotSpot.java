package trips.perf;

import java.util.Objects;

/**
 * A place many trips start or end at, drawn as a Gaussian cluster around a real coordinate.
 *
 * @param sigmaMetres spread of the cluster; a few hundred metres for a station keeps many trips
 *                    inside the same geohash-6 cell (about 1.2 x 0.6 km), a few km for a suburb
 * @param weight      relative popularity within its region
 */
public record HotSpot(String name, Kind kind, double lon, double lat, double sigmaMetres, double weight) {

    /** Decides the commute direction: mornings flow from homes and stations to work places. */
    public enum Kind {
        STATION, AIRPORT, CENTRE, BUSINESS, RESIDENTIAL;

        boolean morningOrigin() {
            return this == STATION || this == RESIDENTIAL;
        }

        boolean morningDestination() {
            return this == CENTRE || this == BUSINESS;
        }
    }

    public HotSpot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
            throw new IllegalArgumentException("hot spot " + name + " outside the globe: " + lon + " " + lat);
        }
        if (!(sigmaMetres > 0) || !(weight > 0)) {
            throw new IllegalArgumentException("hot spot " + name + " needs a positive sigma and weight");
        }
    }
}
