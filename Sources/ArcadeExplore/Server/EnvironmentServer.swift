import ArcadeCore
import Foundation

/// The `arcade serve` protocol: JSON lines over a byte stream (one request object per line, one
/// response object per line, in order), so any language drives Arcade's design-space environment
/// with its own agents — Python's gymnasium, Optuna, nevergrad (`python/arcade_gym`).
///
/// Requests (`id` is optional and echoed back):
/// - `{"op": "spaces"}` → the space: `name`, `parameters` (`name`, `values`, `ordered`), `counts`,
///   `objectives` (`name`, `unit`, all minimised), `metrics` (`name`, `unit`), `episode_length`.
/// - `{"op": "reset", "seed": 7}` → `observation` (zeros), `info`.
/// - `{"op": "step", "action": [i, …]}` → `observation`, `reward` (−first objective, higher is
///   better; `infeasible_reward` for infeasible points, null when that is −∞), `terminated`,
///   `truncated`, `info` (decoded knobs, `feasible`, `failure`, every metric).
/// - `{"op": "evaluate", "points": [[i, …], …]}` → `results`: per point `feasible`, `objectives`,
///   `failure`, `metrics` — one batch on all cores, through the evaluation cache.
/// - `{"op": "close"}` → `{"ok": true}`, and the server stops.
///
/// Every response has `ok`; a bad request gets `"ok": false, "error": {"line", "field", "message"}`
/// (the line of the request stream, the field, what is allowed) and the server goes on: a protocol
/// error is never a crash. Non-finite numbers are sent as null (JSON has no infinity).
public struct EnvironmentServer {
    public let evaluator: DesignSpaceEvaluator
    public private(set) var environment: DesignEnvironment
    public private(set) var closed = false
    private var line = 0

    public init(evaluator: DesignSpaceEvaluator, episodeLength: Int = 1, infeasibleReward: Double = -.infinity) {
        self.evaluator = evaluator
        environment = DesignEnvironment(evaluator: evaluator, episodeLength: episodeLength, infeasibleReward: infeasibleReward)
    }

    struct ProtocolError: Error {
        var field: String?
        var message: String
    }

    /// Handles one request line and returns its response line (without the newline).
    public mutating func respond(to text: String) -> String {
        line += 1
        var id: Any = NSNull()
        var response: [String: Any]
        do {
            guard let data = text.data(using: .utf8),
                  let object = try? JSONSerialization.jsonObject(with: data),
                  let request = object as? [String: Any] else {
                throw ProtocolError(message: "not a JSON object; expected e.g. {\"op\": \"spaces\"}")
            }
            id = request["id"] ?? NSNull()
            response = try handle(request)
            response["ok"] = true
        } catch let error as ProtocolError {
            var detail: [String: Any] = ["line": line, "message": error.message]
            if let field = error.field { detail["field"] = field }
            response = ["ok": false, "error": detail]
        } catch {
            response = ["ok": false, "error": ["line": line, "message": "\(error)"]]
        }
        if !(id is NSNull) { response["id"] = id }
        return Self.encode(response)
    }

    static let operations = ["spaces", "reset", "step", "evaluate", "close"]

    mutating func handle(_ request: [String: Any]) throws -> [String: Any] {
        guard let op = request["op"] as? String else {
            throw ProtocolError(field: "op", message: "missing or not a string; allowed: \(Self.operations.joined(separator: ", "))")
        }
        switch op {
        case "spaces": return describe()
        case "reset":
            var seed: UInt64?
            if let value = request["seed"], !(value is NSNull) {
                guard let number = value as? NSNumber, let exact = UInt64(exactly: number.doubleValue) else {
                    throw ProtocolError(field: "seed", message: "must be a whole number ≥ 0 or null")
                }
                seed = exact
            }
            let (observation, info) = environment.reset(seed: seed)
            return ["observation": observation, "info": info]
        case "step":
            guard environment.canStep else {
                throw ProtocolError(field: "op", message: "step before reset (or after the episode ended); send reset first")
            }
            let action = try point(request["action"], field: "action")
            let result = environment.step(action)
            var info: [String: Any] = result.info
            let metrics = evaluator.evaluate([action])[0].evaluation.metrics       // cached: a lookup
            for (name, value) in zip(evaluator.metricNames, metrics) { info[name] = Self.number(value) }
            return ["observation": result.observation.map(Self.number), "reward": Self.number(result.reward),
                    "terminated": result.terminated, "truncated": result.truncated, "info": info]
        case "evaluate":
            guard let list = request["points"] as? [Any] else {
                throw ProtocolError(field: "points", message: "must be a list of points (lists of indices)")
            }
            let points = try list.enumerated().map { try point($0.element, field: "points[\($0.offset)]") }
            let results = evaluator.evaluate(points).map { result -> [String: Any] in
                var entry: [String: Any] = ["feasible": result.evaluation.feasible,
                                            "objectives": result.evaluation.objectives.map(Self.number)]
                entry["failure"] = result.failure ?? NSNull()
                entry["metrics"] = Dictionary(uniqueKeysWithValues: zip(evaluator.metricNames, result.evaluation.metrics.map(Self.number)))
                return entry
            }
            return ["results": results]
        case "close":
            closed = true
            return [:]
        default:
            throw ProtocolError(field: "op", message: "'\(op)' is not an operation; allowed: \(Self.operations.joined(separator: ", "))")
        }
    }

    /// The encoded space, as agents see it.
    func describe() -> [String: Any] {
        let parameters = zip(evaluator.parameterNames, zip(evaluator.parameterValues, evaluator.ordered)).map {
            ["name": $0.0, "values": $0.1.0, "ordered": $0.1.1] as [String: Any]
        }
        let objectives = zip(evaluator.objectiveNames, evaluator.objectiveUnits).map { ["name": $0.0, "unit": $0.1] }
        let metrics = zip(evaluator.metricNames, evaluator.metricUnits).map { ["name": $0.0, "unit": $0.1] }
        return ["name": evaluator.designSpace.name, "file": evaluator.designSpace.file, "parameters": parameters,
                "counts": evaluator.space.counts, "objectives": objectives, "metrics": metrics,
                "episode_length": environment.episodeLength]
    }

    /// A point: one whole-number index per parameter, each inside its parameter's values.
    func point(_ value: Any?, field: String) throws -> [Int] {
        let counts = evaluator.space.counts
        guard let list = value as? [Any], list.count == counts.count else {
            throw ProtocolError(field: field, message: "must be a list of \(counts.count) indices, one per parameter "
                                + "(\(evaluator.parameterNames.joined(separator: ", ")))")
        }
        return try list.enumerated().map { index, element in
            guard let number = element as? NSNumber, !Self.isBoolean(number), let exact = Int(exactly: number.doubleValue),
                  (0..<counts[index]).contains(exact) else {
                let shown = (element as? NSNumber).map { Self.isBoolean($0) ? ($0.boolValue ? "true" : "false") : "\($0)" } ?? "\(element)"
                throw ProtocolError(field: "\(field)[\(index)]", message: "'\(shown)' is not an index of "
                                    + "\(evaluator.parameterNames[index]); allowed: 0...\(counts[index] - 1)")
            }
            return exact
        }
    }

    static func number(_ value: Double) -> Any { value.isFinite ? value : NSNull() }

    /// A JSON true/false: `is Bool` holds for every NSNumber 0 or 1, but a parsed boolean's
    /// Objective-C type is `c` (char) where a parsed number's is `i`, `q` or `d`.
    static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }

    static func encode(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return "{\"ok\":false,\"error\":{\"message\":\"response could not be encoded\"}}"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
