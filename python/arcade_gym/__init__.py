"""Arcade from Python: gymnasium environments for every design space, Optuna and nevergrad helpers,
and result files as pandas (see python/README.md)."""
from __future__ import annotations

from pathlib import Path

import gymnasium

from . import results
from .bridge import ArcadeError, ArcadeServer, arcade_binary, repository_root
from .env import ArcadeEnv
from .search import decode, nevergrad_loss, nevergrad_parametrization, optuna_objective, score

__all__ = ["ArcadeEnv", "ArcadeError", "ArcadeServer", "arcade_binary", "repository_root", "results", "shipped_spaces",
           "optuna_objective", "nevergrad_parametrization", "nevergrad_loss", "decode", "score"]


def shipped_spaces() -> dict:
    """Space name → file, for every design space under the checkout's Workloads/spaces/."""
    root = repository_root()
    if root is None:
        return {}
    return {path.stem: str(path) for path in sorted((root / "Workloads" / "spaces").glob("*.yaml"))}


def _register() -> None:
    for name, path in shipped_spaces().items():
        env_id = f"arcade/{name}-v0"
        if env_id not in gymnasium.registry:
            gymnasium.register(id=env_id, entry_point="arcade_gym.env:ArcadeEnv", kwargs={"space": path})


_register()
