-- Region and data source names sort by code point (ties in the reports, the lists by name), whatever
-- collation the database was created with: a server made with en_US put "alpha" before "Beta", one
-- made with C.UTF-8 after, so the same files gave different answers. Uniqueness is unchanged: both
-- collations call two names equal only when their bytes are.
ALTER TABLE region ALTER COLUMN name TYPE text COLLATE "C";
ALTER TABLE datasource ALTER COLUMN name TYPE text COLLATE "C";
