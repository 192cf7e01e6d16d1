#!/usr/bin/env bash
# Three packaged gateways on one PostgreSQL and one object store, load from eight clients through all of them, one
# instance killed with kill -9 mid-load and started again: the fault matrix's first scenario on its own.
exec "$(dirname "$0")/run.sh" three-instances "$@"
