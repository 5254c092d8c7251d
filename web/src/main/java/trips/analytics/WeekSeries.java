package trips.analytics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;

/** Trips per ISO week of a window, filled from day counts; days outside the window are dropped here. */
final class WeekSeries {

    static final int MAX_WEEKS = 10_000;

    private final Window window;
    private final long[] trips;

    WeekSeries(Window window) {
        this.window = window;
        this.trips = new long[Math.toIntExact(window.weeks())];
    }

    void addDay(LocalDate day, long n) {
        if (window.contains(day)) {
            trips[window.weekIndex(day)] += n;
        }
    }

    /** The seven day counts of one week row, Monday first. */
    void addWeek(LocalDate monday, long[] days) {
        for (int k = 0; k < 7; k++) {
            if (days[k] != 0) {
                addDay(monday.plusDays(k), days[k]);
            }
        }
    }

    long total() {
        long sum = 0;
        for (long t : trips) {
            sum += t;
        }
        return sum;
    }

    JsonArray toJson() {
        JsonArray series = new JsonArray();
        LocalDate monday = window.firstMonday();
        for (long t : trips) {
            series.add(new JsonObject().put("week", Window.isoWeek(monday)).put("start", monday.toString())
                    .put("trips", t));
            monday = monday.plusWeeks(1);
        }
        return series;
    }
}
