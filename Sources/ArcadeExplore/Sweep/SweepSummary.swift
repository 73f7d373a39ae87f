import ArcadeCore
import Foundation

/// The end-of-sweep report: best point per objective, Pareto front size, failures.
public struct SweepSummary: Sendable {
    public struct Best: Sendable {
        public var objective: String
        public var rank: Int
        public var parameters: [String]
        /// Minimised value (as stored).
        public var value: Double
        /// The objective's unit ("" when none or unknown).
        public var unit: String = ""
    }

    public var space: String
    public var path: String
    public var parameterNames: [String]
    public var points: Int
    public var failures: Int
    /// Failure reasons with their counts, most frequent first.
    public var failureReasons: [(reason: String, count: Int)]
    public var best: [Best]
    public var paretoFrontSize: Int
    public var resumed: Int
    public var evaluated: Int
    public var seconds: Double

    public init(outcome: SweepOutcome, space: DesignSpace) {
        self.init(records: outcome.records, space: space.name, path: outcome.path, parameterNames: space.parameterNames,
                  objectiveNames: space.objectiveNames, objectiveUnits: space.objectiveUnits, resumed: outcome.resumed,
                  evaluated: outcome.evaluated, seconds: outcome.seconds)
    }

    public init(records: [SweepRecord], space: String, path: String, parameterNames: [String], objectiveNames: [String],
                objectiveUnits: [String] = [], resumed: Int = 0, evaluated: Int = 0, seconds: Double = 0) {
        self.space = space
        self.path = path
        self.parameterNames = parameterNames
        points = records.count
        let failed = records.filter { !$0.feasible }
        failures = failed.count
        // Grouped by kind: the same message up to its numbers, without the point's label (its knobs
        // are in its row), so 848 FPGA corners read as a few lines, each with its first example.
        var counts: [String: (example: String, count: Int)] = [:]
        for record in failed {
            let reason = Self.withoutPointLabel(record.failure)
            counts[Self.kind(of: reason), default: (reason, 0)].count += 1
        }
        failureReasons = counts.values.map { ($0.example, $0.count) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.reason < $1.reason }
        let feasible = records.filter { $0.feasible && $0.objectives.allSatisfy { !$0.isNaN } }
        best = objectiveNames.enumerated().compactMap { index, name in
            // Lowest value, ties broken by rank (records are in rank order).
            guard let record = feasible.min(by: { $0.objectives[index] != $1.objectives[index]
                ? $0.objectives[index] < $1.objectives[index] : $0.rank < $1.rank }) else { return nil }
            return Best(objective: name, rank: record.rank, parameters: record.parameters, value: record.objectives[index],
                        unit: index < objectiveUnits.count ? objectiveUnits[index] : "")
        }
        paretoFrontSize = Set(Pareto.nonDominated(feasible.map(\.objectives)).map { feasible[$0].objectives }).count
        self.resumed = resumed
        self.evaluated = evaluated
        self.seconds = seconds
    }

    /// For people, lines fitted to `width` (a long parameter list wraps; nil: one line per best
    /// point), numbers as `NumberText` writes them: `best edp: 1,504,043 pJ·s at rank 17 [rows=32 …]`.
    public func text(width: Int? = TextTable.defaultWidth) -> String {
        var lines = ["sweep \(space): \(NumberText.integer(points)) points, \(NumberText.integer(failures)) failed, "
                     + "Pareto front \(NumberText.integer(paretoFrontSize)) point(s)"]
        if resumed > 0 || evaluated > 0 {
            lines.append("  evaluated \(NumberText.integer(evaluated)) now"
                         + (resumed > 0 ? ", \(NumberText.integer(resumed)) from an earlier run" : "")
                         + (seconds > 0 ? " (\(NumberText.real(seconds, significantDigits: 3)) s, "
                            + "\(NumberText.real(Double(evaluated) / seconds, significantDigits: 3)) points/s)" : ""))
        }
        for entry in best {
            let values = zip(parameterNames, entry.parameters).map { "\($0)=\($1)" }
            let head = "  best \(entry.objective): \(NumberText.withUnit(NumberText.real(entry.value), entry.unit)) at rank \(entry.rank)"
            var bracketed = values
            if !bracketed.isEmpty {
                bracketed[0] = "[" + bracketed[0]
                bracketed[bracketed.count - 1] += "]"
            }
            lines += TextTable.pack([head] + bracketed, separator: " ", width: width, indent: "      ")
        }
        for (reason, count) in failureReasons.prefix(5) {
            let example = count > 1 ? "e.g. " : ""
            lines += TextTable.pack(["  failure ×\(NumberText.integer(count)): \(example)\(reason)"], width: width, indent: "      ")
        }
        if failureReasons.count > 5 { lines.append("  … \(failureReasons.count - 5) more kinds of failure") }
        lines.append("results in \(path)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `file at [k=v, …]: message` → `message` (the label `DesignSpace.model(for:)` gives a point).
    static func withoutPointLabel(_ reason: String) -> String {
        guard let open = reason.range(of: " at ["), let close = reason.range(of: "]: ", range: open.upperBound..<reason.endIndex)
        else { return reason }
        return String(reason[close.upperBound...])
    }

    /// A reason with its digit runs as `#`: points that fail the same way share a kind.
    static func kind(of reason: String) -> String {
        var kind = "", inDigits = false
        for character in reason {
            if character.isASCII && character.isNumber {
                if !inDigits { kind.append("#") }
                inDigits = true
            } else {
                kind.append(character)
                inDigits = false
            }
        }
        return kind
    }

    public var json: String {
        let document: [String: Any] = [
            "space": space, "file": path, "points": points, "failures": failures,
            "failure_reasons": failureReasons.map { ["reason": $0.reason, "count": $0.count] },
            "pareto_front_size": paretoFrontSize, "resumed": resumed, "evaluated": evaluated, "seconds": seconds,
            "best": best.map { entry -> [String: Any] in
                ["objective": entry.objective, "value": entry.value, "rank": entry.rank,
                 "parameters": Dictionary(uniqueKeysWithValues: zip(parameterNames, entry.parameters))]
            },
        ]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
