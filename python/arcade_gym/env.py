"""gymnasium environments over Arcade's design spaces."""
from __future__ import annotations

from typing import Any, Optional

import gymnasium as gym
import numpy as np

from .bridge import ArcadeServer


class ArcadeEnv(gym.Env):
    """A design space as a gymnasium environment, exactly as Arcade's own `DesignEnvironment`:

    - action: one index per knob (`MultiDiscrete`, as stable-baselines3 needs); the decoded knob
      values are in `info`;
    - observation: the evaluated point's objectives, all minimised (zeros after `reset`; the largest
      finite float for an infeasible point);
    - reward: minus the first objective (higher is better), `infeasible_reward` for an infeasible point
      (default -inf as in Arcade; give RL libraries a finite penalty);
    - episode: `episode_length` steps (default 1: each episode proposes one design, as in ArchGym).

    `info` holds the decoded knobs, `feasible`, `failure` and every metric Arcade reports.
    """

    metadata = {"render_modes": []}

    def __init__(self, space: str, *, episode_length: int = 1, infeasible_reward: float = float("-inf"),
                 jobs: Optional[int] = None, binary: Optional[str] = None):
        super().__init__()
        finite = np.isfinite(infeasible_reward)
        self.server = ArcadeServer(space, episode_length=episode_length,
                                   infeasible_reward=infeasible_reward if finite else None, jobs=jobs, binary=binary)
        self.infeasible_reward = float(infeasible_reward)
        description = self.server.space
        self.space_name = description["name"]
        self.parameters = description["parameters"]
        self.objectives = description["objectives"]
        self.metrics = description["metrics"]
        self.action_space = gym.spaces.MultiDiscrete(np.array(description["counts"], dtype=np.int64))
        big = np.finfo(np.float64).max
        self.observation_space = gym.spaces.Box(low=-big, high=big, shape=(len(self.objectives),), dtype=np.float64)

    def decode(self, action) -> dict:
        """Knob name → value (text, as in the space file) of an action."""
        return {p["name"]: p["values"][int(i)] for p, i in zip(self.parameters, action)}

    def reset(self, *, seed: Optional[int] = None, options: Optional[dict] = None):
        super().reset(seed=seed)
        answer = self.server.request({"op": "reset", "seed": None if seed is None else int(seed)})
        return np.asarray(answer["observation"], dtype=np.float64), dict(answer["info"])

    def step(self, action):
        answer = self.server.request({"op": "step", "action": [int(i) for i in np.asarray(action).reshape(-1)]})
        big = np.finfo(np.float64).max
        observation = np.array([big if v is None else v for v in answer["observation"]], dtype=np.float64)
        reward = answer["reward"]
        reward = self.infeasible_reward if reward is None else float(reward)
        info: dict[str, Any] = dict(answer["info"])
        info["feasible"] = info.get("feasible") == "true"
        return observation, reward, bool(answer["terminated"]), bool(answer["truncated"]), info

    def evaluate(self, points) -> list:
        """A batch of points on all cores, through Arcade's evaluation cache (no episode bookkeeping)."""
        return self.server.evaluate(points)

    def close(self):
        self.server.close()
