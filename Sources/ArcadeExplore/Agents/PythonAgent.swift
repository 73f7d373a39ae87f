import ArcadeCore
import ArcadeKernel
import Foundation

/// Python optimisers as Arcade agents: `optuna-tpe` (Optuna's TPE sampler), `optuna-cmaes` (Optuna's
/// CMA-ES sampler over the ordered knobs) and `nevergrad-ngopt` (nevergrad's NGOpt), each a
/// `python -m arcade_gym.agent_server NAME` process spoken to in JSON lines (python/arcade_gym/
/// agent_server.py). They get exactly what Arcade's agents get — the encoded space (one index per knob,
/// ordered or not), the budget, the seed — and the harness answers their repeats from the same cache, so
/// `arcade compare` puts them in the same table; their optimiser time includes the pipe.
///
/// Python is `ARCADE_PYTHON`, else the `.build-venv/bin/python` of the checkout the arcade binary was
/// built in (`.ci/setup.sh --tests` makes it), else `python3`; it needs `pip install ./python` and the
/// optimiser's package, and `AgentRegistry` says so before anything runs when they are missing.
final class PythonAgentBridge {
    let agent: String
    private let process = Process()
    private let input = Pipe(), output = Pipe()
    private var buffer: [UInt8] = []
    private var warned = false

    init(agent: String, problem: SearchProblem, seed: UInt64) throws {
        self.agent = agent
        guard let python = PythonAgents.python(for: agent) else { throw PythonAgents.missing(agent) }
        signal(SIGPIPE, SIG_IGN)                 // a Python that dies: a failed write, not a killed compare
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-m", "arcade_gym.agent_server", agent]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let parameters = zip(problem.space.counts, problem.ordered).enumerated().map { index, knob in
            JSONText.object([("name", .string("x\(index)")), ("values", .array((0..<knob.0).map { .string(String($0)) })),
                             ("ordered", .bool(knob.1))])
        }
        guard request(.object([("op", .string("init")), ("parameters", .array(parameters)), ("budget", .int(problem.budget)),
                               ("seed", .int(Int(truncatingIfNeeded: seed % (1 << 31))))])) != nil else {
            throw InputError(field: "--agents", "\(agent): the Python agent did not start (\(PythonAgents.installHint(agent)))")
        }
    }

    deinit {
        _ = send(JSONText.object([("op", .string("close"))]).text + "\n")
        try? input.fileHandleForWriting.close()
        // A Python that does not end within 5 s of its stdin closing is stopped: compare never hangs on it.
        for _ in 0..<500 where process.isRunning { usleep(10_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// One request and its answer's fields; nil (after one warning on stderr) when the process failed.
    func request(_ message: JSONText) -> [String: Any]? {
        guard send(message.text + "\n"), let line = readLine(),
              let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
            warn("the Python agent stopped")
            return nil
        }
        guard object["ok"] as? Bool == true else {
            warn("\(object["error"] ?? "refused a request")")
            return nil
        }
        return object
    }

    private func warn(_ message: String) {
        guard !warned else { return }
        warned = true
        FileHandle.standardError.write(Data("warning: \(agent): \(message); it proposes random points from here on\n".utf8))
    }

    private func send(_ text: String) -> Bool {
        PipeWrite.all(Array(text.utf8), to: input.fileHandleForWriting.fileDescriptor)
    }

    private func readLine() -> [UInt8]? {
        let descriptor = output.fileHandleForReading.fileDescriptor
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                return line
            }
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            buffer += chunk[..<count]
        }
    }
}

/// What the three Python agents share: the bridge, and random points if it fails.
struct PythonAgentCore {
    let bridge: PythonAgentBridge
    let space: MultiDiscreteSpace
    var generator: SplitMix64
    var failed = false

    init(agent: String, problem: SearchProblem, seed: UInt64) throws {
        bridge = try PythonAgentBridge(agent: agent, problem: problem, seed: seed)
        space = problem.space
        generator = SplitMix64(seed: seed)
    }

    mutating func propose(count: Int) -> [[Int]] {
        if !failed, let answer = bridge.request(.object([("op", .string("propose")), ("count", .int(count))])),
           let points = answer["points"] as? [[Int]], !points.isEmpty,
           points.allSatisfy({ space.contains($0) }) {
            return points
        }
        failed = true
        return (0..<max(1, count)).map { _ in space.sample(using: &generator) }
    }

    mutating func observe(_ evaluations: [Evaluation]) {
        guard !failed else { return }
        let list = evaluations.map { evaluation in
            JSONText.object([("point", .array(evaluation.point.map(JSONText.int))),
                             ("objectives", .array(evaluation.objectives.map(JSONText.double))),
                             ("feasible", .bool(evaluation.feasible))])
        }
        if bridge.request(.object([("op", .string("observe")), ("evaluations", .array(list))])) == nil { failed = true }
    }
}

/// One of the Python agents: its name and summary; the rest is `PythonAgentCore`.
protocol PythonSearchAgent: SearchAgent {
    var core: PythonAgentCore { get set }
    init(core: PythonAgentCore)
}

extension PythonSearchAgent {
    static var hyperparameters: [HyperparameterSpec] { [] }
    init(problem: SearchProblem, hyperparameters: Hyperparameters, seed: UInt64) throws {
        self.init(core: try PythonAgentCore(agent: Self.name, problem: problem, seed: seed))
    }
    mutating func propose(count: Int) -> [[Int]] { core.propose(count: count) }
    mutating func observe(_ evaluations: [Evaluation]) { core.observe(evaluations) }
}

struct OptunaTPEAgent: PythonSearchAgent {
    static let name = "optuna-tpe"
    static let summary = "Optuna's TPE sampler (Python, through arcade_gym; seeded, default settings)"
    var core: PythonAgentCore
}

struct OptunaCMAESAgent: PythonSearchAgent {
    static let name = "optuna-cmaes"
    static let summary = "Optuna's CMA-ES sampler over the ordered knobs, categories sampled independently (Python)"
    var core: PythonAgentCore
}

struct NevergradNGOptAgent: PythonSearchAgent {
    static let name = "nevergrad-ngopt"
    static let summary = "nevergrad's NGOpt (its algorithm selector), every knob a Choice (Python)"
    var core: PythonAgentCore
}

/// Finding Python and saying what to install.
public enum PythonAgents {
    /// The agents, in `--help` order.
    public static let types: [any SearchAgent.Type] = [OptunaTPEAgent.self, OptunaCMAESAgent.self, NevergradNGOptAgent.self]

    /// The Python packages an agent imports (Optuna's CMA-ES sampler runs on the `cmaes` package).
    static func modules(for agent: String) -> [String] {
        switch agent {
        case "nevergrad-ngopt": return ["nevergrad"]
        case "optuna-cmaes": return ["optuna", "cmaes"]
        default: return ["optuna"]
        }
    }

    public static func installHint(_ agent: String) -> String {
        let packages = modules(for: agent).joined(separator: " ")
        return "it needs Python with arcade_gym and \(packages): run .ci/setup.sh --tests, or "
            + "pip install ./python \(packages) into the Python that ARCADE_PYTHON names"
    }

    static func missing(_ agent: String) -> InputError {
        InputError(field: "--agents", "\(agent): no Python with arcade_gym and \(modules(for: agent).joined(separator: ", ")); "
                   + installHint(agent))
    }

    /// Candidate interpreters: ARCADE_PYTHON, the checkout's venv (upwards from the arcade binary), python3.
    static let candidates: [String] = {
        var list: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["ARCADE_PYTHON"] { list.append(explicit) }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let venv = folder.appendingPathComponent(".build-venv/bin/python").path
            if FileManager.default.isExecutableFile(atPath: venv) { list.append(venv); break }
            folder.deleteLastPathComponent()
        }
        for path in ["/usr/bin/python3", "/usr/local/bin/python3"] where FileManager.default.isExecutableFile(atPath: path) {
            list.append(path)
        }
        return list
    }()

    private static let lock = NSLock()
    nonisolated(unsafe) private static var found: [String: String?] = [:]

    /// The first candidate that imports arcade_gym's agent server and the agent's package (cached).
    public static func python(for agent: String) -> String? {
        let module = modules(for: agent).joined(separator: ", ")
        lock.lock()
        defer { lock.unlock() }
        if let cached = found[module] { return cached }
        let result = candidates.first { python in
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: python)
            probe.arguments = ["-c", "import arcade_gym.agent_server, \(module)"]
            probe.standardOutput = FileHandle.nullDevice
            probe.standardError = FileHandle.nullDevice
            guard (try? probe.run()) != nil else { return false }
            probe.waitUntilExit()
            return probe.terminationStatus == 0
        }
        found[module] = result
        return result
    }
}
