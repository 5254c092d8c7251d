package trips.analytics;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * The days a weekly average covers, both ends included, and the ISO weeks (Monday to Sunday) they
 * touch. Every touched week counts in the denominator, even one the window only grazes; the trips
 * counted are only those of days inside the window.
 */
record Window(LocalDate from, LocalDate to) {

    LocalDate firstMonday() {
        return from.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    LocalDate lastMonday() {
        return to.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** A long: from and to may be years apart before the request is refused for spanning too many. */
    long weeks() {
        return ChronoUnit.WEEKS.between(firstMonday(), lastMonday()) + 1;
    }

    /** Index in the series of the week holding the day. */
    int weekIndex(LocalDate day) {
        return (int) ChronoUnit.WEEKS.between(firstMonday(), day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
    }

    boolean contains(LocalDate day) {
        return !day.isBefore(from) && !day.isAfter(to);
    }

    /** "2018-W18": the ISO week-based year, which differs from the calendar year around New Year. */
    static String isoWeek(LocalDate monday) {
        return String.format(Locale.ROOT, "%04d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR),
                monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
}
