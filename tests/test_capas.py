"""The layers of docs/diseno.md hold: no app imports one above it, and the CPE core imports no app."""

import subprocess
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent


def test_las_importaciones_respetan_las_capas():
    # The contracts are in pyproject.toml ([tool.importlinter]); lint-imports reads the code, not the database.
    resultado = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=RAIZ, capture_output=True, text=True, timeout=300,
    )
    assert resultado.returncode == 0, resultado.stdout[-4000:] + resultado.stderr[-2000:]
    assert "2 kept, 0 broken" in resultado.stdout
