"""Optuna and nevergrad over an Arcade space: the same encoded knobs Arcade's agents see (one index per
knob; ordered knobs as integers, categories as choices), evaluated through `arcade serve`'s cache."""
from __future__ import annotations

import math
from typing import Callable, Union

from .env import ArcadeEnv


def _env(space: Union[str, ArcadeEnv]) -> ArcadeEnv:
    return space if isinstance(space, ArcadeEnv) else ArcadeEnv(space)


def score(env: ArcadeEnv, point) -> float:
    """The first objective of `point` (minimised), +inf when it is infeasible."""
    result = env.evaluate([point])[0]
    return result["objectives"][0] if result["feasible"] else math.inf


def optuna_objective(space: Union[str, ArcadeEnv]) -> Callable:
    """`study.optimize(optuna_objective(env), n_trials=N)` on a `direction="minimize"` study. Ordered knobs
    are `suggest_int` over their index, categories `suggest_categorical` over their values; an infeasible
    point scores +inf and its reason is the trial's user attribute `failure`."""
    env = _env(space)

    def objective(trial) -> float:
        point = []
        for parameter in env.parameters:
            values = parameter["values"]
            if parameter["ordered"]:
                point.append(trial.suggest_int(parameter["name"], 0, len(values) - 1))
            else:
                point.append(values.index(trial.suggest_categorical(parameter["name"], values)))
        result = env.evaluate([point])[0]
        if not result["feasible"]:
            trial.set_user_attr("failure", result["failure"])
            return math.inf
        return result["objectives"][0]

    return objective


def nevergrad_parametrization(space: Union[str, ArcadeEnv]):
    """An `ng.p.Dict` of the knobs, each a `Choice` over its indices. (`TransitionChoice` for ordered knobs
    made NGOpt's discrete (1+1) stall: on an 18-point test space it saw 7 distinct points in 150
    evaluations and missed the optimum; with `Choice` it finds it within 40.)"""
    import nevergrad as ng

    env = _env(space)
    knobs = {}
    for parameter in env.parameters:
        indices = list(range(len(parameter["values"])))
        knobs[parameter["name"]] = ng.p.Choice(indices)
    return ng.p.Dict(**knobs)


def nevergrad_loss(space: Union[str, ArcadeEnv]) -> Callable:
    """The loss for `optimizer.minimize(nevergrad_loss(env))` or `ask`/`tell`: takes the knobs (the
    parametrization's dict, as one argument or as keywords) and returns the first objective, +inf when
    infeasible."""
    env = _env(space)
    names = [p["name"] for p in env.parameters]

    def loss(knobs: dict = None, **keywords) -> float:
        knobs = {**(knobs or {}), **keywords}
        return score(env, [int(knobs[name]) for name in names])

    return loss


def decode(space: Union[str, ArcadeEnv], knobs: dict) -> dict:
    """Knob indices (Optuna's params or nevergrad's value) → the values as the space file writes them."""
    env = _env(space)
    decoded = {}
    for parameter in env.parameters:
        value = knobs[parameter["name"]]
        decoded[parameter["name"]] = value if isinstance(value, str) else parameter["values"][int(value)]
    return decoded
