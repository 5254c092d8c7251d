package trips.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static trips.perf.GeneratedFiles.generate;
import static trips.perf.GeneratedFiles.options;
import static trips.perf.GeneratedFiles.validTrips;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trips.perf.SimpleTripValidator.Trip;

class MobilityShapeTest {

    private static final int ROWS = 200_000;
    private static List<Trip> trips;

    @BeforeAll
    static void generateOnce(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("shape.csv");
        generate(options(ROWS, 42).badShare(0.01).build(), file);
        trips = validTrips(file);
    }

    @Test
    void hotSpotsMakeManyTripsStartInTheSameCells() {
        Set<Long> originCells = new HashSet<>();
        for (Trip t : trips) {
            originCells.add(Math.round(t.originLon() * 100) * 100_000 + Math.round(t.originLat() * 100));
        }
        assertThat(originCells.size()).isLessThan(trips.size() / 20);
    }

    @Test
    void similarTripGroupsAreNotAllSingletons() {
        Map<String, Integer> groups = new HashMap<>();
        for (Trip t : trips) {
            int bucket = (t.at().getHour() * 60 + t.at().getMinute()) / 30;
            String key = t.region() + '|' + Geohash.encode(t.originLat(), t.originLon(), 6) + '|'
                    + Geohash.encode(t.destinationLat(), t.destinationLon(), 6) + '|' + bucket;
            groups.merge(key, 1, Integer::sum);
        }
        long inSharedGroups = groups.values().stream().filter(n -> n > 1).mapToLong(n -> n).sum();
        assertThat(inSharedGroups).isGreaterThan(trips.size() / 10);
        assertThat(groups.values().stream().mapToInt(n -> n).max().orElse(0)).isGreaterThanOrEqualTo(8);
    }

    @Test
    void weekdayCommuteHoursAreBusierThanTheNight() {
        Map<Integer, Long> byHour = trips.stream()
                .filter(t -> t.at().getDayOfWeek().getValue() <= 5)
                .collect(Collectors.groupingBy(t -> t.at().getHour(), TreeMap::new, Collectors.counting()));
        assertThat(byHour.get(8)).isGreaterThan(5 * byHour.get(3));
        assertThat(byHour.get(18)).isGreaterThan(5 * byHour.get(3));
        assertThat(byHour.get(8)).isGreaterThan(byHour.get(11));
    }

    @Test
    void weekendDaysAreQuieterThanWeekdays() {
        Map<LocalDate, Long> byDay = trips.stream()
                .collect(Collectors.groupingBy(t -> t.at().toLocalDate(), Collectors.counting()));
        double weekday = average(byDay, false);
        double weekend = average(byDay, true);
        assertThat(weekend).isLessThan(0.8 * weekday);
    }

    @Test
    void tripsSpanTheDefaultHalfYearSoWeeksAndMonthsMatter() {
        LocalDate first = trips.stream().map(t -> t.at().toLocalDate()).min(LocalDate::compareTo).orElseThrow();
        LocalDate last = trips.stream().map(t -> t.at().toLocalDate()).max(LocalDate::compareTo).orElseThrow();
        assertThat(first).isEqualTo(LocalDate.of(2018, 1, 1));
        assertThat(last).isEqualTo(LocalDate.of(2018, 6, 30));
        long weeks = trips.stream().map(t -> t.at().get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)).distinct().count();
        assertThat(weeks).isEqualTo(26);
        assertThat(trips.stream().map(t -> t.at().getMonth()).distinct().count()).isEqualTo(6);
    }

    @Test
    void regionsHaveDifferentSharesInTheirOwnArea() {
        Map<String, Long> byRegion = trips.stream().collect(Collectors.groupingBy(Trip::region, Collectors.counting()));
        assertThat(byRegion.keySet()).containsExactlyInAnyOrderElementsOf(Regions.names());
        assertThat(byRegion.get("Prague")).isGreaterThan(byRegion.get("Turin"));
        assertThat(byRegion.get("Turin")).isGreaterThan(byRegion.get("Hamburg"));
        assertThat(byRegion.get("Hamburg")).isGreaterThan(2 * byRegion.get("London"));
        for (Trip t : trips) {
            Region r = Regions.byName(t.region());
            assertThat(t.originLon()).isBetween(r.minLon() - 0.3, r.maxLon() + 0.3);
            assertThat(t.destinationLat()).isBetween(r.minLat() - 0.3, r.maxLat() + 0.3);
        }
    }

    @Test
    void someRegionDatasourcePairsAreAbsentOrRare() {
        Map<String, Long> pairs = trips.stream()
                .collect(Collectors.groupingBy(t -> t.region() + "/" + t.datasource(), Collectors.counting()));
        assertThat(pairs).doesNotContainKeys("Berlin/baba_car", "Lisbon/bad_diesel_vehicles", "London/funny_car");
        long hamburg = trips.stream().filter(t -> t.region().equals("Hamburg")).count();
        assertThat(pairs.get("Hamburg/pt_search_app")).isLessThan(hamburg / 50);
        assertThat(pairs.get("Prague/baba_car")).isGreaterThan(1000);
        Map<String, Long> byDatasource = trips.stream()
                .collect(Collectors.groupingBy(Trip::datasource, Collectors.counting()));
        assertThat(byDatasource.get("cheap_mobile")).isGreaterThan(byDatasource.get("funny_car"));
    }

    @Test
    void chosenRegionsAndDateRangeAreRespected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("custom.csv");
        GenerationSummary summary = generate(options(20_000, 3).regions("turin, HAMBURG")
                .from(LocalDate.of(2019, 12, 30)).to(LocalDate.of(2020, 1, 5)).build(), file);
        List<Trip> custom = validTrips(file);
        assertThat(summary.validByRegion()).containsOnlyKeys("Turin", "Hamburg");
        assertThat(custom).extracting(Trip::region).containsOnly("Turin", "Hamburg");
        assertThat(custom).allSatisfy(t -> assertThat(t.at().toLocalDate())
                .isBetween(LocalDate.of(2019, 12, 30), LocalDate.of(2020, 1, 5)));
    }

    @Test
    void aRegionWithoutHotSpotsIsUniformInsideItsBox(@TempDir Path dir) throws IOException {
        Region flat = new Region("Flatland", 1.0, 2.0, 1.5, 2.5, 1, 1, List.of(),
                Regions.datasources(0, 0, 1, 0, 0));
        Path file = dir.resolve("flat.csv");
        generate(options(5_000, 3).regions(List.of(flat)).build(), file);
        assertThat(validTrips(file)).hasSize(5_000).allSatisfy(t -> {
            assertThat(t.originLon()).isBetween(1.0, 1.5);
            assertThat(t.destinationLat()).isBetween(2.0, 2.5);
            assertThat(t.datasource()).isEqualTo("cheap_mobile");
        });
    }

    private static double average(Map<LocalDate, Long> byDay, boolean weekend) {
        return byDay.entrySet().stream()
                .filter(e -> (e.getKey().getDayOfWeek().compareTo(DayOfWeek.SATURDAY) >= 0) == weekend)
                .mapToLong(Map.Entry::getValue).average().orElseThrow();
    }
}
