"""Run dashboard/app.py unchanged after applying the patches named in $CSTO_BENCH_VARIANTS."""

import os
import runpy
import sys
from pathlib import Path

REPO = Path(os.environ.get("CSTO_REPO", Path(__file__).resolve().parent.parent))
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import variants  # noqa: E402

variants.apply([v for v in os.environ.get("CSTO_BENCH_VARIANTS", "").split(",") if v])
runpy.run_path(str(REPO / "dashboard" / "app.py"), run_name="__main__")
