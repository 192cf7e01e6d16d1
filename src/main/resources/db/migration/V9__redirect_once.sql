-- Redirect ids are random (a predictable one could be taken by a submission first); a transfer is redirected at most
-- once, found by its link.
create unique index transfer_redirected_once on transfer (redirected_from);
