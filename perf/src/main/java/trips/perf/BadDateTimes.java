package trips.perf;

import java.time.LocalDate;

/** The datetime defects, built from the trip's real date and time so they look plausible. */
final class BadDateTimes {

    private static final byte[] YESTERDAY = RowWriter.bytes("yesterday");

    private BadDateTimes() {
    }

    static void write(RowBuffer out, BadRowKind kind, int variant, LocalDate date, int secondOfDay) {
        int y = date.getYear();
        int mo = date.getMonthValue();
        int d = date.getDayOfMonth();
        int h = secondOfDay / 3600;
        int mi = secondOfDay / 60 % 60;
        int s = secondOfDay % 60;
        if (kind == BadRowKind.UNPARSEABLE_DATETIME) {
            switch (variant % 3) {
                case 0 -> date(out, y, mo, d, '/');
                case 1 -> {
                    out.twoDigits(d);
                    out.put('.');
                    out.twoDigits(mo);
                    out.put('.');
                    out.fourDigits(y);
                }
                default -> {
                    out.put(YESTERDAY);
                    return;
                }
            }
            out.put(' ');
            TimeModel.appendTime(out, h, mi, s);
            return;
        }
        switch (variant % 6) {
            case 0 -> {
                mo = 2;
                d = 30;
            }
            case 1 -> {
                mo = 4;
                d = 31;
            }
            case 2 -> mo = 13;
            case 3 -> d = 0;
            // 24:00:00 is left out on purpose: ISO 8601 allows it and some parsers accept it
            case 4 -> h = 25 + s % 5;
            default -> mi = 61 + s % 39;
        }
        date(out, y, mo, d, '-');
        out.put(' ');
        TimeModel.appendTime(out, h, mi, s);
    }

    private static void date(RowBuffer out, int y, int mo, int d, char separator) {
        out.fourDigits(y);
        out.put(separator);
        out.twoDigits(mo);
        out.put(separator);
        out.twoDigits(d);
    }
}
