"""Shared fixtures: German credit as pandas reads it, and the credo CLI (CREDO_CLI, set by the
ctest entry `python`) for the figures the Python API must equal."""
import json
import os
import pathlib
import subprocess

import pandas as pd
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = pathlib.Path(os.environ.get("CREDO_DATA_DIR", ROOT / "data")) / "german_credit.csv"
EXCLUDE = ["age", "personal_status"]


@pytest.fixture(scope="session")
def german():
    df = pd.read_csv(DATA)
    y = (df.pop("class") == "bad").astype(int).to_numpy()
    return df, y


class Cli:
    def __init__(self, path):
        self.path = path

    def run(self, *args):
        r = subprocess.run([self.path, *map(str, args)], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        return r.stdout

    def json(self, *args):
        return json.loads(self.run(*args))


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("CREDO_CLI", "")
    if not path or not os.access(path, os.X_OK):
        pytest.skip("the credo CLI is not built (set CREDO_CLI to build/.../examples/credo; "
                    "ctest's `python` test sets it when examples are built)")
    return Cli(path)


@pytest.fixture(scope="session")
def cli_card(cli, tmp_path_factory):
    """`credo fit` on German credit (protected attributes excluded): its JSON and model file."""
    path = tmp_path_factory.mktemp("cli") / "card.json"
    doc = cli.json("fit", DATA, "--target", "class", "--bad", "bad", "--exclude", ",".join(EXCLUDE),
                   "--out", path, "--json")
    return doc, path
