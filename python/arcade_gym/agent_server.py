"""Python optimisers as agents of `arcade compare` (`--agents optuna-tpe,optuna-cmaes,nevergrad-ngopt`).

Arcade starts `python -m arcade_gym.agent_server NAME` and speaks JSON lines on its stdin/stdout, as its
own agents are driven (Sources/ArcadeExplore/Agents/PythonAgent.swift): the same encoded space, budget,
seed and cache rules (a repeated proposal is answered from Arcade's cache and costs no budget).

    {"op": "init", "parameters": [{"name", "values", "ordered"}], "budget": N, "seed": S}   -> {"ok": true}
    {"op": "propose", "count": n}                 -> {"ok": true, "points": [[i, ...], ...]}
    {"op": "observe", "evaluations": [{"point", "objectives", "feasible"}]}                   -> {"ok": true}

Observations come in the order the points were proposed; the first objective is minimised and an
infeasible point scores +inf.
"""
from __future__ import annotations

import json
import math
import sys
from collections import deque

AGENTS = ("optuna-tpe", "optuna-cmaes", "nevergrad-ngopt")


class OptunaAgent:
    def __init__(self, name, parameters, budget, seed):
        import optuna

        optuna.logging.set_verbosity(optuna.logging.ERROR)
        if name == "optuna-tpe":
            sampler = optuna.samplers.TPESampler(seed=seed)
        else:
            # CMA-ES models the ordered knobs (their indices); categories go to its independent sampler.
            import warnings
            warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
            sampler = optuna.samplers.CmaEsSampler(seed=seed, warn_independent_sampling=False)
        self.study = optuna.create_study(direction="minimize", sampler=sampler)
        self.parameters = parameters
        self.pending = deque()

    def propose(self, count):
        points = []
        for _ in range(count):
            trial = self.study.ask()
            point = []
            for p in self.parameters:
                if p["ordered"]:
                    point.append(trial.suggest_int(p["name"], 0, len(p["values"]) - 1))
                else:
                    point.append(p["values"].index(trial.suggest_categorical(p["name"], p["values"])))
            self.pending.append(trial)
            points.append(point)
        return points

    def observe(self, evaluations):
        for evaluation in evaluations:
            trial = self.pending.popleft()
            self.study.tell(trial, evaluation["objectives"][0] if evaluation["feasible"] else math.inf)


class NevergradAgent:
    def __init__(self, name, parameters, budget, seed):
        import nevergrad as ng

        knobs = {p["name"]: ng.p.Choice(list(range(len(p["values"])))) for p in parameters}
        parametrization = ng.p.Dict(**knobs)
        parametrization.random_state.seed(seed)
        self.optimizer = ng.optimizers.NGOpt(parametrization=parametrization, budget=budget)
        self.names = [p["name"] for p in parameters]
        self.pending = deque()

    def propose(self, count):
        points = []
        for _ in range(count):
            candidate = self.optimizer.ask()
            self.pending.append(candidate)
            points.append([int(candidate.value[name]) for name in self.names])
        return points

    def observe(self, evaluations):
        for evaluation in evaluations:
            candidate = self.pending.popleft()
            self.optimizer.tell(candidate, evaluation["objectives"][0] if evaluation["feasible"] else math.inf)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or argv[0] not in AGENTS:
        print(f"usage: python -m arcade_gym.agent_server {{{','.join(AGENTS)}}}", file=sys.stderr)
        return 2
    name, agent = argv[0], None
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            op = request.get("op")
            if op == "init":
                kind = NevergradAgent if name.startswith("nevergrad") else OptunaAgent
                agent = kind(name, request["parameters"], int(request["budget"]), int(request["seed"]))
                answer = {"ok": True}
            elif op == "propose" and agent is not None:
                answer = {"ok": True, "points": agent.propose(max(1, int(request.get("count", 1))))}
            elif op == "observe" and agent is not None:
                agent.observe(request["evaluations"])
                answer = {"ok": True}
            elif op == "close":
                out.write('{"ok": true}\n')
                out.flush()
                return 0
            else:
                answer = {"ok": False, "error": f"'{op}' is not an operation here (init first; then propose, observe, close)"}
        except Exception as error:                       # reported to Arcade, which names the agent
            answer = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        out.write(json.dumps(answer) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
