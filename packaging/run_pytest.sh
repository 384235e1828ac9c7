#!/usr/bin/env bash
# Runs the test suite with everything it needs: Qt offscreen, and a throwaway PostgreSQL on loopback for the HQ
# storage tests (started here unless $INSPECTOR_TEST_POSTGRES_URL already names one, and stopped afterwards).
# Arguments go to pytest.
set -uo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
started_postgres=""
if [ -z "${INSPECTOR_TEST_POSTGRES_URL:-}" ]; then
    if url="$(bash packaging/start_test_postgres.sh)"; then
        export INSPECTOR_TEST_POSTGRES_URL="$url"
        started_postgres=yes
    else
        echo "run_pytest: no PostgreSQL for the HQ storage tests (they are skipped outside CI)" >&2
    fi
fi
cleanup() { [ -n "$started_postgres" ] && bash packaging/start_test_postgres.sh stop; }
trap cleanup EXIT
"${VENV:-.venv}/bin/pytest" "$@"
