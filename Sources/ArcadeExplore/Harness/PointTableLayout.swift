import ArcadeCore
import Foundation

/// The columns every table of evaluated design points has — sweep `points`, explore and compare
/// `evaluations`, the exhaustive enumeration — so that all of them load into pandas with the
/// same dtypes and units:
///
/// - one column per parameter: int64 when every value is a whole number, float64 when every
///   value is a number, else text;
/// - one float64 column per objective (the minimised value, NaN when the point failed), with the
///   objective's metric unit;
/// - one float64 column per metric the family reports (every total, cycles to area, and `edp`),
///   NaN when the point failed or the report lacked it;
/// - `feasible` (bool) and `failure` (text, "" when none).
///
/// The layout is stored with the file (`json`, attribute `point_layout`), so a reader needs no
/// space file to tell parameters from metrics, and typed values decode back to the exact text
/// the space wrote (`values`).
public struct PointTableLayout: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case integer, real, text }

    public struct Parameter: Sendable, Equatable, Codable {
        public var name: String
        public var kind: Kind
        /// Every value as the space writes it, in index order.
        public var values: [String]
    }

    public struct Metric: Sendable, Equatable, Codable {
        public var name: String
        public var unit: String
    }

    public var parameters: [Parameter]
    public var objectives: [Metric]
    public var metrics: [Metric]

    public init(parameters: [Parameter], objectives: [Metric], metrics: [Metric]) {
        self.parameters = parameters
        self.objectives = objectives
        self.metrics = metrics
    }

    /// The layout of `evaluator`'s points: its parameters with their values and kinds, objectives
    /// and metrics with units.
    public init(evaluator: any PointEvaluator) {
        let values = evaluator.parameterValues
        parameters = zip(evaluator.parameterNames, values).map { name, values in
            Parameter(name: name, kind: Self.kind(of: values), values: values)
        }
        objectives = zip(evaluator.objectiveNames, evaluator.objectiveUnits).map(Metric.init)
        metrics = zip(evaluator.metricNames, evaluator.metricUnits).map(Metric.init)
    }

    /// Integer when every value is a canonical whole number ("8", not "08" or "8.0"), real when
    /// every value is a number, text otherwise; so a typed value always decodes to its text.
    static func kind(of values: [String]) -> Kind {
        if values.allSatisfy({ Int64($0).map(String.init) == $0 }) { return .integer }
        if values.allSatisfy({ Double($0)?.isFinite == true }) { return .real }
        return .text
    }

    public var parameterNames: [String] { parameters.map(\.name) }
    public var objectiveNames: [String] { objectives.map(\.name) }
    public var metricNames: [String] { metrics.map(\.name) }

    // MARK: Columns

    /// Parameter columns for rows of decoded texts (`rows[r][p]` = text of parameter p in row r),
    /// named `names` (defaults to the parameter names).
    public func parameterColumns(_ rows: [[String]], names: [String]? = nil) -> [ResultColumn] {
        let names = names ?? parameterNames
        return parameters.enumerated().map { position, parameter in
            let texts = rows.map { $0[position] }
            switch parameter.kind {
            case .integer: return ResultColumn(names[position], .int(texts.map { Int64($0) ?? 0 }))
            case .real: return ResultColumn(names[position], .double(texts.map { Double($0) ?? .nan }))
            case .text: return ResultColumn(names[position], .string(texts))
            }
        }
    }

    /// Objective, metric, `feasible` and `failure` columns, after the parameters.
    public func outcomeColumns(objectives: [[Double]], metrics: [[Double]], feasible: [Bool], failures: [String],
                               objectiveNames: [String]? = nil) -> [ResultColumn] {
        let objectiveNames = objectiveNames ?? self.objectiveNames
        var columns: [ResultColumn] = []
        for (position, objective) in self.objectives.enumerated() {
            columns.append(ResultColumn(objectiveNames[position], .double(objectives.map { position < $0.count ? $0[position] : .nan }),
                                        unit: objective.unit))
        }
        for (position, metric) in self.metrics.enumerated() {
            columns.append(ResultColumn(metric.name, .double(metrics.map { position < $0.count ? $0[position] : .nan }),
                                        unit: metric.unit))
        }
        columns.append(ResultColumn("feasible", .bool(feasible)))
        columns.append(ResultColumn("failure", .string(failures)))
        return columns
    }

    /// The text of each parameter in each row, back from typed columns (`columns[p]` for parameter p).
    func parameterTexts(_ columns: [ResultColumnValues], file: String) throws -> [[String]] {
        let perParameter = try zip(parameters, columns).map { parameter, values -> [String] in
            switch (parameter.kind, values) {
            case (.integer, .int(let numbers)): return try numbers.map { try text(of: parameter, matching: Double($0), file: file) }
            case (.real, .double(let numbers)): return try numbers.map { try text(of: parameter, matching: $0, file: file) }
            case (.text, .string(let texts)): return texts
            default:
                throw InputError(file: file, field: parameter.name, "column kind does not match the layout's \(parameter.kind.rawValue)")
            }
        }
        let rows = perParameter.first?.count ?? 0
        return (0..<rows).map { row in perParameter.map { $0[row] } }
    }

    private func text(of parameter: Parameter, matching number: Double, file: String) throws -> String {
        guard let text = parameter.values.first(where: { Double($0) == number }) else {
            throw InputError(file: file, field: parameter.name, "\(number) is not one of its values \(parameter.values)")
        }
        return text
    }

    // MARK: Stored form

    /// The layout as one JSON text (the `point_layout` attribute).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    public init(json: String, file: String) throws {
        do {
            self = try JSONDecoder().decode(Self.self, from: Data(json.utf8))
        } catch {
            throw InputError(file: file, field: Self.attributeName, "is not a point-table layout: \(error)")
        }
    }

    public static let attributeName = "point_layout"
}
