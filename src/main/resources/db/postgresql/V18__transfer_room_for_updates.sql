-- PostgreSQL only (H2 has no fill factor). Version numbers are shared with db/migration: this folder's V18 is the
-- next after V17 there, and a later migration in either folder takes a number above it.
--
-- A transfer's row is updated at least twice after its insert (delivered, acknowledged). Packed full by inserts, its
-- page had no room for the new version, so about half of these updates went to another page and added an entry to
-- each of the table's six indexes. Room left in every page lets an update stay in its page (a HOT update: no index
-- entries, and the old version is pruned in place).
alter table transfer set (fillfactor = 70);
