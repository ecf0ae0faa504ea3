"""What the external-suite tests share: where the suites are, reading them, and the ratchet on
their pass rates (a committed baseline per suite that only goes up)."""
from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
EXT = SHARED / "eval" / "external"

needs_external = pytest.mark.skipif(
    not EXT.is_dir(),
    reason="../shared/eval/external (third-party test suites) is not beside the repo; "
    "it is present in CI",
)


def load_jsonl(path: Path) -> list[dict]:
    """The cases of a suite file, one JSON object a line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


class Baseline:
    """Pass rates per suite in a JSON file beside the tests (``{"note", "rates"}``).

    ``check`` fails when a suite's rate falls below its baseline. With ``CNIE_UPDATE_BASELINE=1``
    a higher rate is written, rounded down to four decimals so that the stored floor never
    exceeds what was measured; a rate is never lowered."""

    def __init__(self, path: Path, note: str):
        self.path, self.note = path, note

    def rates(self) -> dict[str, float]:
        if not self.path.is_file():
            return {}
        return json.loads(self.path.read_text(encoding="utf-8")).get("rates", {})

    def check(self, suite: str, rate: float, failing: str = "") -> None:
        rates = self.rates()
        base = rates.get(suite)
        if os.environ.get("CNIE_UPDATE_BASELINE") and (base is None or rate > base):
            rates[suite] = math.floor(rate * 1e4) / 1e4
            self.path.write_text(json.dumps({"note": self.note, "rates": dict(sorted(rates.items()))},
                                            ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if base is not None:
            assert rate + 1e-9 >= base, (f"{suite}: pass rate {rate:.4f} fell below the baseline "
                                         f"{base:.4f}" + (f"; failing: {failing}" if failing else ""))
