"""ui/ is not an installed package yet (pyproject lists geo, layers, bench): import it from the repo."""
import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
