package trips.load;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * What completing a file does to the data, once all its batches are in its {@link LoadTable}: the
 * groups, the analytics aggregates, and the trips joining trip. The caller wraps {@link #merge} in
 * the transaction that marks the file COMPLETED.
 */
public final class FileCompletion {

    /**
     * The advisory lock every completion takes for its merges ("trpg"): two files adding the same new
     * group or cell would otherwise both insert it. Held by another session, completions wait.
     */
    public static final long MERGE_LOCK = 0x74727067L;

    private final DataSource ds;
    private final TripGroupMerger groups;
    private final String mergeWorkMem;
    private final String indexWorkMem;
    private final long partitionRows;
    private final long denseCellTrips;

    /**
     * @param mergeWorkMem  work_mem of the completion's hash aggregates and joins; its sorted inserts
     *                      run at the server's own (see {@link Aggregates#SORTED_INSERT_MEMORY})
     * @param partitionRows files with at least this many trips become a partition of trip of their
     *                      own; smaller ones are copied into the shared one
     * @param denseCellTrips trips from which a precision-7 cell is also counted per precision-8 cell
     */
    public FileCompletion(DataSource ds, int groupPrecision, String mergeWorkMem, String indexWorkMem,
                          long partitionRows, long denseCellTrips) {
        this.ds = ds;
        this.groups = new TripGroupMerger(groupPrecision, mergeWorkMem);
        this.mergeWorkMem = mergeWorkMem;
        this.indexWorkMem = indexWorkMem;
        this.partitionRows = partitionRows;
        this.denseCellTrips = denseCellTrips;
    }

    /** Before the completing transaction: statistics, and the visibility map of a file that becomes a partition. */
    public void prepare(long ingestionId, long trips) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            LoadTable.prepare(c, ingestionId, trips >= partitionRows);
        }
    }

    /** In the caller's transaction, which then marks the file COMPLETED. */
    public void merge(Connection c, long ingestionId, long trips) throws SQLException {
        boolean ownPartition = trips >= partitionRows;
        groups.merge(c, ingestionId);
        // after the groups: their advisory lock also keeps two completions from inserting one new cell
        Aggregates.mergeFile(c, ingestionId, denseCellTrips, mergeWorkMem);
        if (ownPartition) {
            LoadTable.index(c, ingestionId, indexWorkMem);
        }
        // last, since attaching a partition locks trip's shared partition until the commit
        LoadTable.publish(c, ingestionId, ownPartition);
    }
}
