#!/usr/bin/env bash
# The restore drill (docs/operating.md, "Backup, restore and keys"): WAL archiving and a base backup under load, the
# site lost, PostgreSQL restored to a point in time, every packet it refers to read back with the escrowed keyset
# only and checked against its digest, and the later objects swept by a gateway on the restored database.
exec "$(dirname "$0")/run.sh" restore-drill "$@"
