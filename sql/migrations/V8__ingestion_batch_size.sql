-- The batch size a file's first run cut it with. A resumed run skips the batches the ledger holds by
-- their numbers, so it must cut the file the same way: with trips.ingest.batch-size changed between a
-- crash and the restart (or set apart on two nodes), batch n no longer named the same rows, and the
-- file COMPLETED with trips lost or loaded twice. Null for runs started before this column: they
-- resume with the setting of the day, as they did.
ALTER TABLE ingestion ADD COLUMN batch_size integer CHECK (batch_size > 0);
