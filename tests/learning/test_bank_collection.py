"""Without the shared data the bank tests are still collected (then skipped), never vanish."""

import os
import subprocess
import sys
from pathlib import Path

from tests.learning.banks import BANK_FILES, PEG_FILES

ROOT = Path(__file__).resolve().parents[2]
MODULES = [
    "tests/learning/test_moodle_fidelity.py",
    "tests/learning/test_gift.py",
    "tests/learning/test_importing_banks.py",
]


def test_bank_tests_are_collected_when_the_shared_data_is_absent(tmp_path):
    env = {**os.environ, "PATHWISE_SHARED_DATA": str(tmp_path / "absent")}
    env.pop("CI", None)
    collected = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            *MODULES,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    ids = [line for line in collected if "::" in line]
    for relative in BANK_FILES:
        assert f"test_shared_bank_scores_every_response_as_moodle[{relative}]" in " ".join(ids)
    peg = [i for i in ids if "test_gift_peg_corpus_matches_expected_parse[" in i]
    assert len(peg) == len(PEG_FILES)
