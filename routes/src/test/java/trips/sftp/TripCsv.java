package trips.sftp;

/** Small trip files whose content differs by tag, so no two tests' files are DUPLICATEs of each other. */
public final class TripCsv {

    public static final String HEADER = "region,origin_coord,destination_coord,datetime,datasource\n";

    private TripCsv() {
    }

    public static String rows(String tag, int n) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < n; i++) {
            csv.append(row(tag, i));
        }
        return csv.toString();
    }

    public static String row(String tag, int i) {
        return "Turin,POINT (7.6" + (i % 10) + " 45.0" + (i % 7) + "),POINT (7.7 45.1),2018-05-0" + (1 + i % 9)
                + " 08:" + (10 + i % 50) + ":00," + tag + "\n";
    }
}
