import ArcadeCore
import ArcadeExplore
import ArgumentParser
import Foundation

/// `arcade serve SPACE.yaml`: the design-space environment over JSON lines on stdin/stdout.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a design space's environment to another program over JSON lines (stdin/stdout).",
        discussion: """
            One request object per line on stdin, one response per line on stdout, in order. \
            Operations: {"op": "spaces"} (the encoded knobs, objectives and metrics), {"op": "reset", \
            "seed": S}, {"op": "step", "action": [i, ...]} (observation, reward = -objective, \
            terminated, info with the decoded knobs and every metric), {"op": "evaluate", "points": \
            [[i, ...], ...]} (a batch on all cores, through the evaluation cache) and {"op": "close"}. \
            A bad request gets {"ok": false, "error": {"line", "field", "message"}} and the server \
            goes on; it ends on close or when stdin closes (its client went away). The space is \
            loaded first: a bad space file is exit 2 with its message on stderr, before any response. \
            python/arcade_gym drives it (gymnasium environments, Optuna and nevergrad).

            Example:
              printf '{"op":"spaces"}\\n{"op":"reset","seed":1}\\n{"op":"step","action":[0,0,0,1]}\\n' \\
                | arcade serve Workloads/spaces/systolic-tiny.yaml
            """)

    @Argument(help: "Design-space file (.yaml).")
    var space: String

    @Option(help: "Steps per episode (ArchGym: 1, each episode proposes one design).")
    var episodeLength: Int = 1

    @Option(help: "Reward of an infeasible point (default: none, sent as null; RL libraries want a finite penalty; write a negative one as --infeasible-reward=-1e6).")
    var infeasibleReward: Double?

    @Option(help: "Simulations run in parallel in an evaluate batch (default: all cores).")
    var jobs: Int?

    func run() throws {
        guard episodeLength >= 1 else { throw InputError(field: "--episode-length", "must be at least 1") }
        if let jobs, jobs < 1 { throw InputError(field: "--jobs", "must be at least 1") }
        let evaluator = try DesignSpaceEvaluator(path: space, parallelism: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        var server = EnvironmentServer(evaluator: evaluator, episodeLength: episodeLength,
                                       infeasibleReward: infeasibleReward ?? -.infinity)
        signal(SIGPIPE, SIG_IGN)                            // a client that dies mid-answer: a failed write stops us, not a signal
        while !server.closed, let line = readLine(strippingNewline: true) {
            if line.allSatisfy(\.isWhitespace) { continue }
            // One write per response, unbuffered: it reaches the client at once; false: the client went away.
            guard PipeWrite.all(Array((server.respond(to: line) + "\n").utf8), to: 1) else { return }
        }
    }
}
