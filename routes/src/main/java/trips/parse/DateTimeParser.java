package trips.parse;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Parses {@code yyyy-MM-dd HH:mm:ss} (or with 'T', optional fraction of a second, dropped) strictly:
 * 2018-02-30 is refused. Digit by digit, since java.time's formatter costs more than the rest of a row.
 */
final class DateTimeParser {

    static final long INVALID = Long.MIN_VALUE;

    private DateTimeParser() {
    }

    static long parse(String s) {
        if (s.length() < 19 || s.charAt(4) != '-' || s.charAt(7) != '-'
                || (s.charAt(10) != ' ' && s.charAt(10) != 'T') || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return INVALID;
        }
        if (s.length() > 19) {
            if (s.charAt(19) != '.' || s.length() == 20) {
                return INVALID;
            }
            for (int i = 20; i < s.length(); i++) {
                if (!Character.isDigit(s.charAt(i)) || s.charAt(i) > '9') {
                    return INVALID;
                }
            }
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return INVALID;
        }
        if (day > 28) {
            try {
                LocalDate.of(year, month, day);
            } catch (DateTimeException e) {
                return INVALID;
            }
        }
        return epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Same as LocalDate.toEpochDay, without making a LocalDate. */
    private static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y;
        total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        total += (367L * month - 362) / 12;
        total += day - 1;
        if (month > 2) {
            total--;
            boolean leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
            if (!leap) {
                total--;
            }
        }
        return total - 719_528L;
    }
}
