-- Which node is reading which inbox file, when several nodes watch one inbox (TRIPS_CLUSTER=true).
-- A node refreshes its heartbeats while it holds them; a lock whose heartbeat is older than the
-- timeout belongs to a dead node and may be taken over (trips.ingest.InboxLocks).
CREATE TABLE inbox_lock (
    file      text        PRIMARY KEY,
    node      text        NOT NULL,
    heartbeat timestamptz NOT NULL DEFAULT now()
);
