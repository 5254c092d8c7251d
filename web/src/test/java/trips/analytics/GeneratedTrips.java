package trips.analytics;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import trips.events.IngestionEvent;
import trips.testing.IngestionFixture;

/**
 * A seeded trips file shaped to find mistakes in exact counting rather than to look realistic:
 * clustered points (so cells are cut through crowds), a region that pauses every other fortnight
 * and one active only in its first and last month (empty weeks), longitudes on both sides of the
 * prime meridian, points snapped onto geohash cell edges, repeated points, and commute peaks so
 * that groups of many trips exist. Same seed, same file.
 */
final class GeneratedTrips {

    static final LocalDate FIRST_DAY = LocalDate.of(2018, 1, 1);
    static final LocalDate LAST_DAY = LocalDate.of(2018, 5, 31);

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String[] DATASOURCES = {"cheap_mobile", "funny_car", "pt_search_app", "baba_car"};

    /** name, centre lon, centre lat, spread in degrees. */
    private record Area(String name, double lon, double lat, double spread, double[][] hotSpots) {
    }

    private static final Area[] AREAS = {
        new Area("Alpha", 14.42, 50.08, 0.15, new double[][] {{14.4355, 50.0831}, {14.4210, 50.0875}, {14.2632, 50.1008}}),
        new Area("Beta", 7.68, 45.07, 0.10, new double[][] {{7.6784, 45.0622}, {7.6857, 45.0712}}),
        new Area("Gamma", -0.05, 51.50, 0.20, new double[][] {{-0.1246, 51.5308}, {0.0, 51.5}, {0.0235, 51.5045}}),
    };

    private GeneratedTrips() {
    }

    /** Writes a file of rows trips, drops it into the fixture's inbox, and returns its terminal event. */
    static IngestionEvent ingest(IngestionFixture fx, String name, int rows, long seed) throws IOException {
        Path file = write(Files.createTempFile("generated", ".csv"), rows, seed);
        try {
            fx.drop(file, name);
        } finally {
            Files.delete(file);
        }
        return fx.awaitEnd(name);
    }

    static Path write(Path file, int rows, long seed) throws IOException {
        Random rnd = new Random(seed);
        int days = (int) ChronoUnit.DAYS.between(FIRST_DAY, LAST_DAY) + 1;
        double[] last = null;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("region,origin_coord,destination_coord,datetime,datasource\n");
            int written = 0;
            while (written < rows) {
                int a = pick(rnd, 0.5, 0.3);
                Area area = AREAS[a];
                LocalDate day = FIRST_DAY.plusDays(rnd.nextInt(days));
                if (!active(a, day)) {
                    continue;
                }
                double[] origin = point(rnd, area);
                double[] dest = point(rnd, area);
                if (last != null && rnd.nextDouble() < 0.02) {
                    origin = last; // the same spot again, as a station's pick-up point would be
                }
                last = origin;
                LocalDateTime at = day.atStartOfDay().plusSeconds(secondOfDay(rnd));
                w.write(area.name + ",POINT (" + origin[0] + " " + origin[1] + "),POINT (" + dest[0] + " " + dest[1]
                        + ")," + at.format(DATETIME) + "," + DATASOURCES[pick(rnd, 0.4, 0.3, 0.2)] + "\n");
                written++;
            }
        }
        return file;
    }

    /** Beta rests every other fortnight; Gamma runs only in January and May. */
    private static boolean active(int area, LocalDate day) {
        long week = ChronoUnit.WEEKS.between(FIRST_DAY, day);
        return switch (area) {
            case 1 -> (week / 2) % 2 == 0;
            case 2 -> day.getMonthValue() == 1 || day.getMonthValue() == 5;
            default -> true;
        };
    }

    private static double[] point(Random rnd, Area area) {
        double lon;
        double lat;
        if (rnd.nextDouble() < 0.7) {
            double[] spot = area.hotSpots[rnd.nextInt(area.hotSpots.length)];
            lon = spot[0] + rnd.nextGaussian() * 0.006;
            lat = spot[1] + rnd.nextGaussian() * 0.004;
        } else {
            lon = area.lon + (rnd.nextDouble() - 0.5) * 2 * area.spread;
            lat = area.lat + (rnd.nextDouble() - 0.5) * area.spread;
        }
        if (rnd.nextDouble() < 0.05) {
            // onto the edges of precision-8 cells (and so of every coarser cell they line up with)
            lon = Math.round((lon + 180) / 360 * (1 << 20)) * 360.0 / (1 << 20) - 180;
            lat = Math.round((lat + 90) / 180 * (1 << 20)) * 180.0 / (1 << 20) - 90;
        }
        return new double[] {lon, lat};
    }

    /** Peaks around 08:00 and 18:00 over a flat base, so that time buckets differ in size. */
    private static int secondOfDay(Random rnd) {
        double r = rnd.nextDouble();
        double hour = r < 0.3 ? 8 + rnd.nextGaussian() * 0.7 : r < 0.6 ? 18 + rnd.nextGaussian() * 0.9 : rnd.nextDouble() * 24;
        return (int) Math.floorMod((long) (hour * 3600), 86_400L);
    }

    /** An index drawn with the given probabilities for all but the last choice. */
    private static int pick(Random rnd, double... shares) {
        double r = rnd.nextDouble();
        for (int i = 0; i < shares.length; i++) {
            r -= shares[i];
            if (r < 0) {
                return i;
            }
        }
        return shares.length;
    }
}
