-- A transfer redirected after a WRONG_MUNICIPALITY rejection continues as a new transfer to the right municipality,
-- with the same packet; the link keeps one chain of custody.
alter table transfer add column redirected_from uuid references transfer (id);
