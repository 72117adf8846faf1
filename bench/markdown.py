"""CPU cost of rendering hostile and ordinary texts (the best of several runs, process CPU time).

    .venv/bin/python bench/markdown.py

Before texts were bounded (core.markdown.hostile), 5,000 characters of "![" cost
markdown-it ~450 ms and "[" ~200 ms, on every view. Now they are plain text, and the
worst text under the bounds costs about what a long real comment does. Rendering
happens once, when a text is written; page views read the stored HTML.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deliberation.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from core.markdown import MAX_BRACKETS, MAX_DELIMITERS, MAX_LINES, _md, hostile, render  # noqa: E402

CASES = {
    "5,000 '['": "[" * 5000,
    "2,500 '!['": "![" * 2500,
    "2,500 '*a'": "*a" * 2500,
    "2,500 lines": "a\n" * 2500,
    f"{MAX_BRACKETS} '[' (at the bound)": "[" * MAX_BRACKETS + "a" * (5000 - MAX_BRACKETS),
    f"{MAX_LINES} lines of '*a' (at the bound)": "*a\n" * MAX_LINES,
    f"{MAX_DELIMITERS // 2} '*a' (at the bound)": "*a" * (MAX_DELIMITERS // 2) + "x" * 4000,
    "40 formatted paragraphs with links (real)": "\n\n".join(
        f"**Point {n}**: see [the map](https://peta.example/{n}) and _this_." for n in range(40)
    ),
}


def cpu_ms(func, text, runs=5) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        func(text)
        best = min(best, time.process_time() - start)
    return best * 1000


def main():
    print(f"{'text':45} {'markdown-it alone':>18} {'render()':>10}  plain?")
    for name, text in CASES.items():
        raw = cpu_ms(_md.render, text, runs=2)
        print(f"{name:45} {raw:15.1f} ms {cpu_ms(render, text):7.2f} ms  {'yes' if hostile(text) else 'no'}")


if __name__ == "__main__":
    main()
