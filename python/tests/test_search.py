"""Optuna and nevergrad through arcade_gym reach the exact optimum of a tiny space (18 points,
enumerated here through the same bridge)."""
import itertools
import math

import pytest

import arcade_gym

TINY = """name: python-tiny
architecture: {root}/Architectures/systolic/scalesim-32x32-os.yaml
workload: {root}/Workloads/spaces/tiny_gemm.csv
parameters:
  rows: {{values: [4, 8, 16]}}
  columns: {{values: [4, 8, 16]}}
  dataflow: {{choices: [os, ws]}}
objectives:
  - minimize: cycles
"""


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    path = tmp_path_factory.mktemp("space") / "python-tiny.yaml"
    path.write_text(TINY.format(root=arcade_gym.repository_root()))
    with arcade_gym.ArcadeEnv(str(path)) as env:
        yield env


def optimum(env):
    points = [list(p) for p in itertools.product(*[range(len(p["values"])) for p in env.parameters])]
    scores = [r["objectives"][0] if r["feasible"] else math.inf for r in env.evaluate(points)]
    return min(scores), points[scores.index(min(scores))]


def test_optuna_tpe_reaches_the_optimum(env):
    optuna = pytest.importorskip("optuna")
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    best, point = optimum(env)
    study = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=0))
    study.optimize(arcade_gym.optuna_objective(env), n_trials=30)
    assert study.best_value == best
    assert arcade_gym.decode(env, study.best_params) == env.decode(point)


def test_nevergrad_ngopt_reaches_the_optimum(env):
    ng = pytest.importorskip("nevergrad")
    best, point = optimum(env)
    parametrization = arcade_gym.nevergrad_parametrization(env)
    parametrization.random_state.seed(0)
    optimizer = ng.optimizers.NGOpt(parametrization=parametrization, budget=40)
    loss, seen = arcade_gym.nevergrad_loss(env), []
    optimizer.minimize(lambda knobs: seen.append(loss(knobs)) or seen[-1])
    assert min(seen) == best, f"{optimizer.optim.name if hasattr(optimizer, 'optim') else 'NGOpt'}: best seen {min(seen)}"
