"""arcade_gym.results.load on files the arcade binary writes here: a run, a sweep and a comparison."""
import subprocess

import pytest

import arcade_gym

pytest.importorskip("h5py")
pytest.importorskip("pandas")


def arcade(*arguments):
    outcome = subprocess.run([arcade_gym.arcade_binary(), *arguments], capture_output=True, text=True,
                             cwd=arcade_gym.repository_root())
    assert outcome.returncode == 0, outcome.stderr


def test_a_run_a_sweep_and_a_comparison_load_with_dtypes_and_units(tmp_path):
    run, sweep, compare = tmp_path / "run.h5", tmp_path / "sweep.h5", tmp_path / "compare.h5"
    arcade("simulate", "Architectures/systolic/scalesim-32x32-os.yaml", "Workloads/spaces/tiny_gemm.csv", "--out", str(run))
    arcade("sweep", "Workloads/spaces/systolic-tiny.yaml", "--out", str(sweep))
    arcade("compare", "Workloads/spaces/systolic-tiny.yaml", "--agents", "random,ga", "--budget", "8", "--seeds", "2",
           "--exhaustive", "--out", str(compare))

    layers = arcade_gym.results.load(str(run))["layers"]
    assert layers["cycles"].dtype == "int64" and layers.attrs["units"]["cycles"] == "cycles"
    assert isinstance(layers["name"].iloc[0], str)

    points = arcade_gym.results.load(str(sweep))["points"]      # the grid: the 216 feasible points of 225
    assert len(points) == 216 and points["rows"].dtype == "int64" and points["feasible"].dtype == bool
    assert isinstance(points["dataflow"].iloc[0], str) and points.attrs["units"]["time_us"] == "µs"
    assert points.sort_values("rows")["rows"].iloc[-1] == 64

    tables = arcade_gym.results.load(str(compare))
    assert tables.attrs["exhaustive"] == True and tables.attrs["budget"] == 8
    exhaustive = tables["exhaustive"]
    assert len(exhaustive) == 225 and exhaustive["failure"][~exhaustive.feasible].str.contains("violates").all()
