import ArcadeCore

/// Every search agent Arcade knows. Adding one is one line here plus its file.
public enum AgentRegistry {
    /// In the order `--help` and comparison tables list them: baselines, classic heuristics, model-based, RL.
    /// (A computed list: metatypes of a non-Sendable protocol cannot be a global constant under Swift 6.)
    public static var agents: [any SearchAgent.Type] {
        [
            RandomSearch.self,
            GridSearch.self,
            RandomWalk.self,
            GeneticAlgorithm.self,
            GABisect.self,
            NSGA2.self,
            SimulatedAnnealing.self,
            AntColony.self,
            BayesianOptimization.self,
            TPE.self,
            PPO.self,
            MARL.self,
        ]
    }

    /// Agents in another process (Python optimisers through arcade_gym): usable wherever an agent is
    /// named, left out of `agents` (the conformance suite's list) since they need Python and its
    /// packages; `Tests/ArcadeCLITests/PythonAgentTests.swift` covers them.
    public static var external: [any SearchAgent.Type] { PythonAgents.types }

    public static func agent(named name: String) throws -> any SearchAgent.Type {
        guard let agent = (agents + external).first(where: { $0.name == name.lowercased() }) else {
            throw InputError(field: "--agent", "'\(name)' is not an agent; allowed: \((agents + external).map { $0.name }.joined(separator: ", "))")
        }
        return agent
    }

    /// Whether agent `name` can run here (a Python agent needs its interpreter and packages).
    public static func availability(of name: String) -> String? {
        guard external.contains(where: { $0.name == name.lowercased() }) else { return nil }
        return PythonAgents.python(for: name.lowercased()) == nil ? PythonAgents.installHint(name.lowercased()) : nil
    }

    /// Builds agent `name` with `overrides` (`key=value`) on `problem`.
    public static func make(_ name: String, problem: SearchProblem, overrides: [String: String] = [:],
                            seed: UInt64) throws -> any SearchAgent {
        let type = try agent(named: name)
        let hyperparameters = try Hyperparameters(specs: type.hyperparameters, overrides: overrides, agent: type.name)
        return try type.init(problem: problem, hyperparameters: hyperparameters, seed: seed)
    }
}
