"""PPO from stable-baselines3 on an Arcade design space (not run in CI: stable-baselines3 pulls in
PyTorch, about 1 GB; `pip install stable-baselines3` into the venv first).

    .build-venv/bin/python python/examples/ppo_sb3.py [SPACE] [TIMESTEPS]

Each episode proposes one design (ArchGym's setting); infeasible designs get a finite penalty, which
PPO needs (Arcade's own default is -inf), and the reward is scaled by a first random design's cost
and clipped at -10, so its size does not depend on the space's units.
"""
import sys

import gymnasium
import numpy as np

import arcade_gym

space = sys.argv[1] if len(sys.argv) > 1 else "systolic-mlp-50k"
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 2000


class Scaled(gymnasium.RewardWrapper):
    def __init__(self, env, scale):
        super().__init__(env)
        self.scale = scale

    def reward(self, reward):
        return max(reward / self.scale, -10.0)       # an infeasible design: ten times the first design's cost


from stable_baselines3 import PPO  # noqa: E402  (after the docstring's install note)

env = arcade_gym.ArcadeEnv(arcade_gym.shipped_spaces()[space], infeasible_reward=-1e12)
env.action_space.seed(0)
first = 1.0
for _ in range(100):                                 # the scale: the cost of a first feasible random design
    env.reset(seed=0)
    _, reward, _, _, info = env.step(env.action_space.sample())
    if info["feasible"]:
        first = abs(reward) or 1.0
        break
model = PPO("MlpPolicy", Scaled(env, first), n_steps=64, batch_size=32, seed=0, verbose=0)
model.learn(total_timesteps=steps)
best = None
for _ in range(20):
    env.reset()
    action, _ = model.predict(np.zeros(env.observation_space.shape), deterministic=False)
    _, reward, _, _, info = env.step(action)
    if info["feasible"] and (best is None or reward > best[0]):
        best = (reward, env.decode(action))
print(f"{space}: best of 20 policy samples after {steps} steps: {-best[0] if best else 'none feasible'} at {best[1] if best else ''}")
env.close()
