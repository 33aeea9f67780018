#!/usr/bin/env bash
# One command for a fresh Debian 12 machine: install what is missing, build, start the window.
# Arguments are passed to the application (try --help).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec build/bin/attention-explorer "$@"
