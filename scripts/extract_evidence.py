"""Extract the evidence register (id, status, fact, source) from the project's evidence.md.

Usage: python scripts/extract_evidence.py PATH/TO/evidence.md > insideout/catalogue/evidence.yaml

The evidence file is maintained outside this repository; the register it produces is committed so
that a fresh clone stands alone. Re-run it when evidence.md changes and review the diff.
"""

from __future__ import annotations

import re
import sys

import yaml

ROW = re.compile(r"^\|\s*(EV-[A-Z0-9-]+)\s*\|(.*)\|\s*$")
BULLET = re.compile(r"^- \*\*(EV-[A-Z0-9-]+)\*\* \(([A-Z]),[^)]*\):\s*(.*?)(?:\(([^()]*)\))?\s*$")
# Weakest first: a mixed status ("V (mean) / U (criterion)") is filed under its weakest part.
WEAKEST_FIRST = ("U", "D", "S", "V")


def weakest(status: str) -> str:
    letters = set(re.findall(r"\b([VSUD])\b", status))
    return next(s for s in WEAKEST_FIRST if s in letters)


FORMULA_SECTION = "## 6. Formulas"


def rows(text: str) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    section = ""
    in_formulas = False
    for line in text.splitlines():
        if line.startswith("#"):
            section = line.lstrip("#").strip()
            in_formulas = line.startswith(FORMULA_SECTION)
        b = BULLET.match(line)
        if b:
            out.append(
                {
                    "id": b.group(1),
                    "fact": b.group(3).strip(),
                    "status": b.group(2),
                    "source": (b.group(4) or "").strip(),
                    "section": "General cautions",
                }
            )
            continue
        m = ROW.match(line)
        if not m:
            continue
        cells = [c.strip() for c in m.group(2).split("|")]
        if in_formulas:
            out.append(
                {
                    "id": m.group(1),
                    "status": "D",
                    "fact": cells[0],
                    "source": cells[-1],
                    "section": section,
                }
            )
        elif len(cells) >= 3:
            out.append(
                {
                    "id": m.group(1),
                    "fact": cells[0],
                    "status": cells[1],
                    "source": cells[2],
                    "section": section,
                }
            )
    return out


def main() -> None:
    path = sys.argv[1]
    with open(path, encoding="utf-8") as fh:
        entries = rows(fh.read())
    for e in entries:
        raw = e["status"]
        e["status"] = weakest(raw)
        if raw != e["status"]:
            e["status_detail"] = raw
    doc = {
        "version": 1,
        "source": "evidence.md (insideout evidence reference)",
        "evidence": entries,
    }
    yaml.safe_dump(doc, sys.stdout, allow_unicode=True, sort_keys=False, width=100)


if __name__ == "__main__":
    main()
