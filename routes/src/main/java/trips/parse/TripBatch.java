package trips.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * One batch of a file: its valid trips in columns (no object per trip), its rejects, and where it
 * stands in the file. Batch numbers and boundaries depend only on the file, so a restart cuts the
 * same batches and can skip those the ledger holds.
 */
public final class TripBatch {

    public record Reject(long line, String reason, String raw) {
    }

    public final int batchNo;
    public final String[] region;
    public final String[] datasource;
    /** Seconds since 1970-01-01T00:00 of the datetime as written (no zone). */
    public final long[] epochSecond;
    public final double[] originLon;
    public final double[] originLat;
    public final double[] destLon;
    public final double[] destLat;
    /** Filled by the enricher. */
    public final long[] originCell;
    public final long[] destCell;
    public final short[] todBucket;
    public final List<Reject> rejects = new ArrayList<>();

    private int size;
    private int rowsRead;
    private long firstLine;
    private long lastLine;
    private long bytesRead;

    public TripBatch(int batchNo, int capacity) {
        this.batchNo = batchNo;
        region = new String[capacity];
        datasource = new String[capacity];
        epochSecond = new long[capacity];
        originLon = new double[capacity];
        originLat = new double[capacity];
        destLon = new double[capacity];
        destLat = new double[capacity];
        originCell = new long[capacity];
        destCell = new long[capacity];
        todBucket = new short[capacity];
    }

    void add(String region, String datasource, long epochSecond, double oLon, double oLat, double dLon, double dLat) {
        int i = size++;
        this.region[i] = region;
        this.datasource[i] = datasource;
        this.epochSecond[i] = epochSecond;
        originLon[i] = oLon;
        originLat[i] = oLat;
        destLon[i] = dLon;
        destLat[i] = dLat;
    }

    void reject(long line, String reason, String raw) {
        rejects.add(new Reject(line, reason, raw));
    }

    void recordRead(long line) {
        if (rowsRead++ == 0) {
            firstLine = line;
        }
        lastLine = line;
    }

    void bytesRead(long bytes) {
        this.bytesRead = bytes;
    }

    public int size() { return size; }
    public int rowsRead() { return rowsRead; }
    public int rowsRejected() { return rejects.size(); }
    public long firstLine() { return firstLine; }
    public long lastLine() { return lastLine; }
    public long bytesRead() { return bytesRead; }
}
