package trips.perf;

import static trips.perf.HotSpot.Kind.AIRPORT;
import static trips.perf.HotSpot.Kind.BUSINESS;
import static trips.perf.HotSpot.Kind.CENTRE;
import static trips.perf.HotSpot.Kind.RESIDENTIAL;
import static trips.perf.HotSpot.Kind.STATION;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Built-in cities with real coordinates. The three of the real sample come first and carry the
 * largest shares; the others add variety, including negative longitudes (Lisbon) and trips that
 * cross the prime meridian (London), which a coordinate parser must survive.
 */
public final class Regions {

    private static final double BACKGROUND = 0.15;

    private static final List<Region> ALL = List.of(
            new Region("Prague", 14.22, 49.94, 14.71, 50.18, 30, BACKGROUND, List.of(
                    new HotSpot("Hlavni nadrazi", STATION, 14.4355, 50.0831, 400, 20),
                    new HotSpot("Old Town", CENTRE, 14.4210, 50.0875, 900, 25),
                    new HotSpot("Vaclav Havel Airport", AIRPORT, 14.2632, 50.1008, 700, 8),
                    new HotSpot("Pankrac", BUSINESS, 14.4380, 50.0510, 600, 10),
                    new HotSpot("Andel", BUSINESS, 14.4036, 50.0710, 500, 10),
                    new HotSpot("Holesovice station", STATION, 14.4405, 50.1097, 400, 6),
                    new HotSpot("Jizni Mesto", RESIDENTIAL, 14.4920, 50.0310, 1800, 15)),
                    datasources(15, 15, 35, 20, 15)),
            new Region("Turin", 7.58, 44.99, 7.77, 45.14, 25, BACKGROUND, List.of(
                    new HotSpot("Porta Nuova", STATION, 7.6784, 45.0622, 400, 20),
                    new HotSpot("Porta Susa", STATION, 7.6650, 45.0719, 400, 12),
                    new HotSpot("Piazza Castello", CENTRE, 7.6857, 45.0712, 900, 25),
                    new HotSpot("Lingotto", BUSINESS, 7.6657, 45.0312, 600, 10),
                    new HotSpot("Caselle Airport", AIRPORT, 7.6497, 45.2008, 700, 5),
                    new HotSpot("Mirafiori", RESIDENTIAL, 7.6280, 45.0330, 1500, 12),
                    new HotSpot("Barriera di Milano", RESIDENTIAL, 7.6960, 45.0930, 1200, 10)),
                    datasources(12, 15, 30, 25, 18)),
            new Region("Hamburg", 9.73, 53.39, 10.33, 53.74, 20, BACKGROUND, List.of(
                    new HotSpot("Hauptbahnhof", STATION, 10.0069, 53.5530, 400, 22),
                    new HotSpot("Jungfernstieg", CENTRE, 9.9925, 53.5503, 800, 20),
                    new HotSpot("Airport", AIRPORT, 9.9882, 53.6304, 700, 8),
                    new HotSpot("Altona", STATION, 9.9350, 53.5517, 500, 10),
                    new HotSpot("HafenCity", BUSINESS, 10.0000, 53.5413, 600, 10),
                    new HotSpot("Barmbek", RESIDENTIAL, 10.0440, 53.5850, 1500, 12),
                    new HotSpot("Harburg", RESIDENTIAL, 9.9888, 53.4600, 2000, 8)),
                    // pt_search_app is rare here
                    datasources(18, 25, 35, 17, 1)),
            new Region("Berlin", 13.09, 52.34, 13.76, 52.68, 12, BACKGROUND, List.of(
                    new HotSpot("Hauptbahnhof", STATION, 13.3695, 52.5251, 400, 18),
                    new HotSpot("Alexanderplatz", CENTRE, 13.4132, 52.5219, 700, 20),
                    new HotSpot("Potsdamer Platz", BUSINESS, 13.3760, 52.5096, 600, 14),
                    new HotSpot("BER Airport", AIRPORT, 13.5033, 52.3667, 900, 7),
                    new HotSpot("Ostkreuz", STATION, 13.4693, 52.5031, 400, 8),
                    new HotSpot("Neukoelln", RESIDENTIAL, 13.4380, 52.4810, 1500, 14),
                    new HotSpot("Spandau", RESIDENTIAL, 13.2000, 52.5350, 2000, 8)),
                    // baba_car does not operate in Berlin
                    datasources(25, 0, 40, 10, 25)),
            new Region("Lisbon", -9.23, 38.69, -9.09, 38.80, 8, BACKGROUND, List.of(
                    new HotSpot("Rossio", CENTRE, -9.1404, 38.7139, 600, 20),
                    new HotSpot("Cais do Sodre", STATION, -9.1446, 38.7061, 400, 12),
                    new HotSpot("Oriente", STATION, -9.0990, 38.7679, 500, 12),
                    new HotSpot("Humberto Delgado Airport", AIRPORT, -9.1342, 38.7742, 600, 10),
                    new HotSpot("Marques de Pombal", BUSINESS, -9.1502, 38.7253, 500, 14),
                    new HotSpot("Benfica", RESIDENTIAL, -9.2000, 38.7500, 1200, 12)),
                    // no bad_diesel_vehicles in Lisbon
                    datasources(10, 30, 30, 0, 30)),
            new Region("London", -0.51, 51.28, 0.33, 51.69, 5, BACKGROUND, List.of(
                    new HotSpot("Kings Cross", STATION, -0.1240, 51.5308, 400, 15),
                    new HotSpot("Liverpool Street", STATION, -0.0823, 51.5178, 400, 12),
                    new HotSpot("Bank", CENTRE, -0.0886, 51.5133, 700, 20),
                    new HotSpot("Canary Wharf", BUSINESS, -0.0195, 51.5054, 600, 14),
                    new HotSpot("Heathrow", AIRPORT, -0.4543, 51.4700, 900, 8),
                    new HotSpot("Stratford", RESIDENTIAL, -0.0036, 51.5413, 1500, 10),
                    new HotSpot("Brixton", RESIDENTIAL, -0.1145, 51.4613, 1500, 10)),
                    // no funny_car, bad_diesel_vehicles rare
                    datasources(0, 10, 50, 1, 39)));

    private Regions() {
    }

    /** Every built-in region; also the default list. */
    public static List<Region> all() {
        return ALL;
    }

    /** The built-in region of that name (case-insensitive). */
    public static Region byName(String name) {
        for (Region region : ALL) {
            if (region.name().equalsIgnoreCase(name.trim())) {
                return region;
            }
        }
        throw new IllegalArgumentException("unknown region '" + name + "', known: " + names());
    }

    /** Built-in regions for a comma-separated list such as {@code Prague,Turin}. */
    public static List<Region> byNames(String commaSeparated) {
        List<Region> regions = new ArrayList<>();
        for (String name : commaSeparated.split(",")) {
            if (!name.isBlank()) {
                regions.add(byName(name));
            }
        }
        return regions;
    }

    public static List<String> names() {
        return ALL.stream().map(Region::name).toList();
    }

    /** Weights in the order funny_car, baba_car, cheap_mobile, bad_diesel_vehicles, pt_search_app. */
    public static Map<Datasource, Double> datasources(double... weights) {
        Datasource[] all = Datasource.values();
        if (weights.length != all.length) {
            throw new IllegalArgumentException("need " + all.length + " datasource weights");
        }
        Map<Datasource, Double> map = new EnumMap<>(Datasource.class);
        for (int i = 0; i < all.length; i++) {
            map.put(all[i], weights[i]);
        }
        return map;
    }
}
