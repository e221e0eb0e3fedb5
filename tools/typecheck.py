"""mypy with a ratchet: no file may have more type errors than tools/mypy-baseline.json allows.

`python tools/typecheck.py` fails on any new finding (a file over its count, or a file that had none);
`python tools/typecheck.py --update` writes the current counts, after fixing some or after a merge.
New modules start at zero, so they are checked fully.
"""

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

BASELINE = Path(__file__).with_name("mypy-baseline.json")
ERROR = re.compile(r"^(?P<path>[^:]+):\d+: error: ")


def current_counts() -> tuple[Counter[str], str]:
    result = subprocess.run([sys.executable, "-m", "mypy"], capture_output=True, text=True)
    if result.returncode not in (0, 1):  # 2: mypy itself failed (configuration, crash)
        sys.exit(result.stdout + result.stderr)
    counts = Counter(m["path"] for line in result.stdout.splitlines() if (m := ERROR.match(line)))
    return counts, result.stdout


def main() -> int:
    counts, output = current_counts()
    if "--update" in sys.argv:
        BASELINE.write_text(json.dumps(dict(sorted(counts.items())), indent=1) + "\n", encoding="utf-8")
        print(f"{BASELINE.name}: {sum(counts.values())} errors in {len(counts)} files")
        return 0
    allowed = json.loads(BASELINE.read_text(encoding="utf-8"))
    over = {path: n for path, n in counts.items() if n > allowed.get(path, 0)}
    for path, n in sorted(over.items()):
        print(f"{path}: {n} type errors, {allowed.get(path, 0)} allowed")
        print("\n".join(line for line in output.splitlines() if line.startswith(f"{path}:")))
    fewer = [path for path, n in allowed.items() if counts.get(path, 0) < n]
    if fewer:
        print(f"fewer errors than the baseline in {len(fewer)} files: run `python tools/typecheck.py --update` to ratchet down")
    print(f"mypy: {sum(counts.values())} errors, {sum(allowed.values())} in the baseline, {len(over)} files over")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
