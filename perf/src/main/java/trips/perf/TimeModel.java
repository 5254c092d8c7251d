package trips.perf;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/**
 * When trips happen: weekdays with commute peaks around 08:00 and 18:00 and quiet nights, weekends
 * quieter with a late-morning-to-evening plateau, and slow growth over the range so later weeks and
 * months differ from earlier ones.
 */
final class TimeModel {

    static final int MAX_DAYS = 36_600;

    private static final double[] WEEKDAY_HOURS = {
        0.8, 0.5, 0.35, 0.25, 0.3, 0.8, 2.5, 5.5, 7.5, 5.0, 3.2, 3.2,
        3.8, 3.6, 3.4, 4.0, 5.2, 6.8, 7.2, 5.0, 3.5, 2.8, 2.0, 1.3};
    private static final double[] WEEKEND_HOURS = {
        1.5, 1.2, 0.9, 0.6, 0.4, 0.4, 0.7, 1.2, 2.0, 3.0, 4.0, 4.6,
        5.0, 5.0, 4.8, 4.6, 4.5, 4.4, 4.2, 3.8, 3.3, 2.8, 2.4, 2.0};
    private static final double SATURDAY = 0.65;
    private static final double SUNDAY = 0.5;
    /** The last day is this much busier than the first. */
    private static final double GROWTH = 0.25;

    private final LocalDate from;
    /** "yyyy-MM-dd " per day, formatted once instead of per row. */
    private final byte[][] datePrefix;
    private final boolean[] weekend;
    private final WeightedIndex days;
    private final WeightedIndex weekdayHours = new WeightedIndex(WEEKDAY_HOURS);
    private final WeightedIndex weekendHours = new WeightedIndex(WEEKEND_HOURS);

    TimeModel(LocalDate from, LocalDate to) {
        long count = ChronoUnit.DAYS.between(from, to) + 1;
        if (count > MAX_DAYS) {
            throw new IllegalArgumentException("date range longer than " + MAX_DAYS + " days");
        }
        int n = (int) count;
        this.from = from;
        datePrefix = new byte[n][];
        weekend = new boolean[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            LocalDate date = from.plusDays(i);
            datePrefix[i] = (date + " ").getBytes(StandardCharsets.US_ASCII);
            DayOfWeek dow = date.getDayOfWeek();
            weekend[i] = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
            double base = dow == DayOfWeek.SATURDAY ? SATURDAY : dow == DayOfWeek.SUNDAY ? SUNDAY : 1;
            weights[i] = base * (1 + GROWTH * i / Math.max(1, n - 1));
        }
        days = new WeightedIndex(weights);
    }

    int sampleDay(SplittableRandom rng) {
        return days.sample(rng);
    }

    boolean weekend(int day) {
        return weekend[day];
    }

    /** Whole seconds: the hour from the day's profile, uniform within the hour. */
    int sampleSecondOfDay(SplittableRandom rng, int day) {
        int hour = (weekend[day] ? weekendHours : weekdayHours).sample(rng);
        return hour * 3600 + rng.nextInt(3600);
    }

    LocalDate date(int day) {
        return from.plusDays(day);
    }

    void append(RowBuffer out, int day, int secondOfDay) {
        out.put(datePrefix[day]);
        appendTime(out, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60);
    }

    static void appendTime(RowBuffer out, int hour, int minute, int second) {
        out.twoDigits(hour);
        out.put(':');
        out.twoDigits(minute);
        out.put(':');
        out.twoDigits(second);
    }
}
