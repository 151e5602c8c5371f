#!/usr/bin/env bash
# Writes erc-data's pickle fixtures in all three flavours: py2 and np1 need numpy 1.x (Debian's python3-numpy,
# /usr/bin/python3), np2 needs numpy 2.x (e.g. a pip-installed numpy). Set NP1_PYTHON / NP2_PYTHON to override.
set -euo pipefail
cd "$(dirname "$0")/.."
NP1_PYTHON=${NP1_PYTHON:-/usr/bin/python3}
NP2_PYTHON=${NP2_PYTHON:-python3}
"$NP1_PYTHON" tools/make_data_fixtures.py py2
"$NP1_PYTHON" tools/make_data_fixtures.py np1
"$NP2_PYTHON" tools/make_data_fixtures.py np2
