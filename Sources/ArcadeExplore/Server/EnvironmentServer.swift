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
    /// The evaluator's names, computed once (its getters map the space's declarations on every call).
    private let metricNames: [String]
    private let parameterNames: [String]

    public init(evaluator: DesignSpaceEvaluator, episodeLength: Int = 1, infeasibleReward: Double = -.infinity) {
        self.evaluator = evaluator
        metricNames = evaluator.metricNames
        parameterNames = evaluator.parameterNames
        environment = DesignEnvironment(evaluator: evaluator, episodeLength: episodeLength, infeasibleReward: infeasibleReward)
    }

    struct ProtocolError: Error {
        var field: String?
        var message: String
    }

    /// Handles one request line and returns its response line (without the newline).
    public mutating func respond(to text: String) -> String {
        line += 1
        var id: JSONText?
        var fields: [(String, JSONText)]
        do {
            guard let data = text.data(using: .utf8),
                  let object = try? JSONSerialization.jsonObject(with: data),
                  let request = object as? [String: Any] else {
                throw ProtocolError(message: "not a JSON object; expected e.g. {\"op\": \"spaces\"}")
            }
            id = request["id"].flatMap(Self.echo)
            fields = [("ok", .bool(true))] + (try handle(request))
        } catch let error as ProtocolError {
            var detail: [(String, JSONText)] = [("line", .int(line))]
            if let field = error.field { detail.append(("field", .string(field))) }
            detail.append(("message", .string(error.message)))
            fields = [("ok", .bool(false)), ("error", .object(detail))]
        } catch {
            fields = [("ok", .bool(false)), ("error", .object([("line", .int(line)), ("message", .string("\(error)"))]))]
        }
        if let id { fields.insert(("id", id), at: 0) }
        return JSONText.object(fields).text
    }

    /// The request's `id`, echoed as it came (a number or a string; anything else as null).
    static func echo(_ value: Any) -> JSONText? {
        if let text = value as? String { return .string(text) }
        if let number = value as? NSNumber, !isBoolean(number) {
            let double = number.doubleValue
            return double == double.rounded() && abs(double) < 9e15 ? .int(Int(double)) : .double(double)
        }
        return value is NSNull ? nil : .null
    }

    static let operations = ["spaces", "reset", "step", "evaluate", "close"]

    mutating func handle(_ request: [String: Any]) throws -> [(String, JSONText)] {
        guard let op = request["op"] as? String else {
            throw ProtocolError(field: "op", message: "missing or not a string; allowed: \(Self.operations.joined(separator: ", "))")
        }
        switch op {
        case "spaces": return describe()
        case "reset":
            var seed: UInt64?
            if let value = request["seed"], !(value is NSNull) {
                guard let number = value as? NSNumber, !Self.isBoolean(number), let exact = UInt64(exactly: number.doubleValue) else {
                    throw ProtocolError(field: "seed", message: "must be a whole number ≥ 0 or null")
                }
                seed = exact
            }
            let (observation, info) = environment.reset(seed: seed)
            return [("observation", .array(observation.map(JSONText.double))), ("info", Self.strings(info))]
        case "step":
            guard environment.canStep else {
                throw ProtocolError(field: "op", message: "step before reset (or after the episode ended); send reset first")
            }
            let action = try point(request["action"], field: "action")
            let result = environment.step(action)
            var info: [(String, JSONText)] = []
            for name in parameterNames { if let value = result.info[name] { info.append((name, .string(value))) } }
            info.append(("feasible", .string(result.info["feasible"] ?? "false")))
            info.append(("failure", result.info["failure"].map(JSONText.string) ?? .null))
            let metrics = evaluator.evaluate([action])[0].evaluation.metrics       // cached: a lookup
            for (name, value) in zip(metricNames, metrics) { info.append((name, .double(value))) }
            return [("observation", .array(result.observation.map(JSONText.double))), ("reward", .double(result.reward)),
                    ("terminated", .bool(result.terminated)), ("truncated", .bool(result.truncated)), ("info", .object(info))]
        case "evaluate":
            guard let list = request["points"] as? [Any] else {
                throw ProtocolError(field: "points", message: "must be a list of points (lists of indices)")
            }
            let points = try list.enumerated().map { try point($0.element, field: "points[\($0.offset)]") }
            let results = evaluator.evaluate(points).map { result -> JSONText in
                .object([("feasible", .bool(result.evaluation.feasible)),
                         ("objectives", .array(result.evaluation.objectives.map(JSONText.double))),
                         ("failure", result.failure.map(JSONText.string) ?? .null),
                         ("metrics", .object(zip(metricNames, result.evaluation.metrics).map { ($0.0, .double($0.1)) }))])
            }
            return [("results", .array(results))]
        case "close":
            closed = true
            return []
        default:
            throw ProtocolError(field: "op", message: "'\(op)' is not an operation; allowed: \(Self.operations.joined(separator: ", "))")
        }
    }

    static func strings(_ dictionary: [String: String]) -> JSONText {
        .object(dictionary.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
    }

    /// The encoded space, as agents see it.
    func describe() -> [(String, JSONText)] {
        let parameters = zip(evaluator.parameterNames, zip(evaluator.parameterValues, evaluator.ordered)).map {
            JSONText.object([("name", .string($0.0)), ("values", .array($0.1.0.map(JSONText.string))), ("ordered", .bool($0.1.1))])
        }
        func named(_ names: [String], _ units: [String]) -> JSONText {
            .array(zip(names, units).map { .object([("name", .string($0.0)), ("unit", .string($0.1))]) })
        }
        return [("name", .string(evaluator.designSpace.name)), ("file", .string(evaluator.designSpace.file)),
                ("parameters", .array(parameters)), ("counts", .array(evaluator.space.counts.map(JSONText.int))),
                ("objectives", named(evaluator.objectiveNames, evaluator.objectiveUnits)),
                ("metrics", named(evaluator.metricNames, evaluator.metricUnits)),
                ("episode_length", .int(environment.episodeLength))]
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

    /// A JSON true/false: `is Bool` holds for every NSNumber 0 or 1, but a parsed boolean's
    /// Objective-C type is `c` (char) where a parsed number's is `i`, `q` or `d`.
    static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }
}
