#!/bin/sh
# Mutation run over the access door (haven/cases/access.py): mutmut changes one decision at a
# time and runs the access matrix, the attack tests and the case tests ([tool.mutmut] in
# pyproject.toml). Prints the score and every surviving mutant: a survivor is an access
# decision no test notices, so the matrix needs a cell for it.
set -eu
cd "$(dirname "$0")/.."
export HAVEN_ENV=local DEBUG=0 DATABASE_URL="sqlite:///$(pwd)/var/mutmut.sqlite3"
mkdir -p var
.venv/bin/mutmut run --max-children "${MUTMUT_CHILDREN:-2}" >/dev/null 2>&1 || true
.venv/bin/mutmut results --all true | awk '{print $NF}' | sort | uniq -c
echo "Survivors (each one an access decision no test notices):"
.venv/bin/mutmut results | grep -v ": killed" || echo "none"
