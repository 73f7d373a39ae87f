"""arcade_gym against the arcade binary of this checkout (the newer of .build/release and .build/debug,
or ARCADE_BINARY): gymnasium's own checker on every shipped space, the bridge's errors, a client that
dies mid-run."""
import json
import math
import subprocess

import gymnasium
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import arcade_gym

SPACES = sorted(arcade_gym.shipped_spaces())


def test_every_shipped_space_is_registered():
    assert len(SPACES) >= 17
    for name in SPACES:
        assert f"arcade/{name}-v0" in gymnasium.registry


@pytest.mark.parametrize("name", SPACES)
def test_check_env_passes(name):
    env = gymnasium.make(f"arcade/{name}-v0").unwrapped
    try:
        check_env(env, skip_render_check=True)
        assert isinstance(env.action_space, gymnasium.spaces.MultiDiscrete)
        assert env.observation_space.shape == (len(env.objectives),)
    finally:
        env.close()


def test_step_reports_knobs_metrics_and_reward_as_arcade():
    with arcade_gym.ArcadeEnv(arcade_gym.shipped_spaces()["systolic-tiny"]) as env:
        observation, info = env.reset(seed=3)
        assert observation.tolist() == [0.0] and info["objectives"] == "cycles"
        # 4×4 OS, 4 KiB ifmap SRAM on the tiny GEMMs: 8,768 cycles (as `arcade simulate` gives).
        observation, reward, terminated, truncated, info = env.step(np.array([0, 0, 0, 1]))
        assert observation.tolist() == [8768.0] and reward == -8768.0 and terminated and not truncated
        assert info["rows"] == "4" and info["dataflow"] == "os" and info["feasible"] is True
        assert info["macs"] == 118784 and info["energy_uj"] > 0
        env.reset()
        # 64×64 violates rows * columns <= 2048: infeasible, reward -inf by default, the reason in info.
        observation, reward, _, _, info = env.step(np.array([4, 4, 0, 0]))
        assert reward == -math.inf and info["feasible"] is False and "rows * columns" in info["failure"]
        assert observation[0] == np.finfo(np.float64).max


def test_a_finite_infeasible_reward_for_rl():
    with arcade_gym.ArcadeEnv(arcade_gym.shipped_spaces()["systolic-tiny"], infeasible_reward=-1e6) as env:
        env.reset(seed=0)
        assert env.step(np.array([4, 4, 0, 0]))[1] == -1e6


def test_bad_requests_raise_arcade_errors_with_the_field():
    with arcade_gym.ArcadeEnv(arcade_gym.shipped_spaces()["systolic-tiny"]) as env:
        env.reset(seed=0)
        with pytest.raises(arcade_gym.ArcadeError, match=r"field 'action\[0\]'.*allowed: 0\.\.\.4"):
            env.step(np.array([9, 0, 0, 0]))
        with pytest.raises(arcade_gym.ArcadeError, match="list of 4 indices"):
            env.step(np.array([0, 0]))
        env.reset(seed=0)                       # still serving
        assert env.step(np.array([0, 0, 0, 1]))[1] == -8768.0


def test_a_bad_space_file_is_an_error_naming_it(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nparameters: {}\n")
    with pytest.raises(arcade_gym.ArcadeError, match="bad.yaml"):
        arcade_gym.ArcadeEnv(str(bad))


def test_the_server_ends_cleanly_when_its_client_dies():
    space = arcade_gym.shipped_spaces()["systolic-tiny"]
    server = subprocess.Popen([arcade_gym.arcade_binary(), "serve", space], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    server.stdin.write(json.dumps({"op": "reset", "seed": 1}) + "\n")
    server.stdin.write(json.dumps({"op": "evaluate", "points": [[i % 5, 0, 0, 0] for i in range(40)]}) + "\n")
    server.stdin.flush()
    server.stdout.close()                       # the client goes away mid-answer
    server.stdin.close()
    assert server.wait(timeout=60) == 0
    assert "Fatal" not in server.stderr.read()
