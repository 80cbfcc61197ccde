"""Run dashboard/app.py unchanged after applying the patches named in $CSTO_BENCH_VARIANTS."""

import os
import runpy
import sys
from pathlib import Path

REPO = Path(os.environ.get("CSTO_REPO", Path(__file__).resolve().parent.parent))
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import variants  # noqa: E402
from dashboard.map import assets, offline  # noqa: E402

# Streamlit serves this copy's own static folder: the map's files go there too.
STATIC = Path(__file__).resolve().parent / "static"
offline.LAYERS_DIR = STATIC / "layers"
offline.ensure_context(STATIC / "context")
assets.ensure_assets(STATIC / "vendor")

variants.apply([v for v in os.environ.get("CSTO_BENCH_VARIANTS", "").split(",") if v])
runpy.run_path(str(REPO / "dashboard" / "app.py"), run_name="__main__")
