"""All the measurements, one after the other (each prints its own table).

python bench/run.py [--quick]
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    quick = "--quick" in sys.argv
    runs = [
        ["matching.py"],
        ["convert.py", "50" if quick else "500"],
        ["queries.py", "--scales", "1,10" if quick else "1,10,100"],
        ["http_load.py", "--seconds", "2" if quick else "5"],
        ["soak.py", "--minutes", "1" if quick else "10"],
        [
            "validate.py",
            "--max-docs",
            "20" if quick else "200",
            "--timeout",
            "120" if quick else "900",
        ],
    ]
    for args in runs:
        print(f"\n== bench/{' '.join(args)}", flush=True)
        subprocess.run([sys.executable, str(HERE / args[0]), *args[1:]], check=True)


if __name__ == "__main__":
    main()
