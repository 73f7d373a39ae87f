import ArcadeCore

/// The unit of a reported metric: a symbol for people (`cycles`, `µs`, `nJ`, `%`) and, for the
/// physical quantities that derived objectives combine, the quantity and its power of ten.
///
/// ```swift
/// MetricUnit.nanojoules.value(2500, in: .microjoules)   // 2.5
/// ```
public struct MetricUnit: Sendable, Equatable, CustomStringConvertible {
    /// What a derived objective may combine; counts (cycles, words, requests) are `.none`.
    public enum Quantity: Sendable, Equatable { case none, time, energy }

    public var symbol: String
    public var quantity: Quantity
    /// The unit is 10^siExponent of the quantity's SI unit (seconds, joules); 0 for counts.
    public var siExponent: Int

    public init(_ symbol: String, quantity: Quantity = .none, siExponent: Int = 0) {
        self.symbol = symbol
        self.quantity = quantity
        self.siExponent = siExponent
    }

    public var description: String { symbol }

    /// `value` (in this unit) expressed in `other`, a unit of the same quantity. Scales by whole
    /// powers of ten, multiplying or dividing, so nJ → µJ is exactly `value / 1000`.
    public func value(_ value: Double, in other: MetricUnit) -> Double {
        precondition(quantity == other.quantity && quantity != .none, "cannot convert \(symbol) to \(other.symbol)")
        let shift = siExponent - other.siExponent
        var scale = 1.0
        for _ in 0..<abs(shift) { scale *= 10 }
        return shift >= 0 ? value * scale : value / scale
    }

    public static let cycles = MetricUnit("cycles")
    public static let microseconds = MetricUnit("µs", quantity: .time, siExponent: -6)
    public static let nanoseconds = MetricUnit("ns", quantity: .time, siExponent: -9)
    public static let nanojoules = MetricUnit("nJ", quantity: .energy, siExponent: -9)
    public static let microjoules = MetricUnit("µJ", quantity: .energy, siExponent: -6)
    public static let percent = MetricUnit("%")
    /// A ratio between 0 and 1.
    public static let fraction = MetricUnit("fraction")
    /// 1 or 0.
    public static let flag = MetricUnit("flag")
    public static let words = MetricUnit("words")
    public static let bytes = MetricUnit("bytes")
    public static let gigabytesPerSecond = MetricUnit("GB/s")
    public static let squareMillimeters = MetricUnit("mm²")
    /// A count of things named by `symbol` (`requests`, `MACs`, `commands`).
    public static func count(_ symbol: String) -> MetricUnit { MetricUnit(symbol) }
}

/// One total a family reports: its key in `SimulationReport.totals`, unit and meaning, and how it
/// relates to the family's tables (which the conformance suite checks).
///
/// ```swift
/// MetricDescriptor("cycles", .cycles, "total cycles of all layers", sumOf: "layers")
/// ```
public struct MetricDescriptor: Sendable, Equatable {
    /// How a total follows from a table of the same report.
    public enum Aggregate: Sendable, Equatable {
        /// The sum of the column of the same name in the named table.
        case sum(table: String)
        /// The number of rows of the named table.
        case rowCount(table: String)
    }

    public var name: String
    public var unit: MetricUnit
    public var description: String
    /// When the total is reported only in some runs (e.g. "with --reference"); nil = always.
    public var condition: String?
    public var aggregate: Aggregate?

    public init(_ name: String, _ unit: MetricUnit, _ description: String, when condition: String? = nil,
                sumOf table: String? = nil, rowsOf rowTable: String? = nil) {
        self.name = name
        self.unit = unit
        self.description = description
        self.condition = condition
        self.aggregate = table.map { .sum(table: $0) } ?? rowTable.map { .rowCount(table: $0) }
    }
}

/// A metric Arcade derives from any family's declared delay and energy totals (not a family's own
/// total), so design spaces can minimise it on every family that declares both.
public struct DerivedMetric: Sendable {
    public var name: String
    public var unit: String
    public var description: String
    let compute: @Sendable (_ delay: Double, _ energy: Double) -> Double

    /// Energy-delay product in µJ·µs: `energy` converted to µJ times `delay` converted to µs.
    public static let energyDelayProduct = DerivedMetric(
        name: "edp", unit: "µJ·µs", description: "energy-delay product (the family's energy in µJ × its time in µs)",
        compute: { delay, energy in energy * delay })

    public static let all: [DerivedMetric] = [energyDelayProduct]

    /// The value for a report of `family`, or nil when the family does not declare both a delay and an
    /// energy metric or the report lacks them.
    public func value(in report: SimulationReport, family: any HardwareModel.Type) -> Double? {
        guard let delayName = family.delayMetric, let energyName = family.energyMetric,
              let delayUnit = family.metrics.first(where: { $0.name == delayName })?.unit,
              let energyUnit = family.metrics.first(where: { $0.name == energyName })?.unit,
              let delay = report.total(delayName)?.doubleValue, let energy = report.total(energyName)?.doubleValue
        else { return nil }
        return compute(delayUnit.value(delay, in: .microseconds), energyUnit.value(energy, in: .microjoules))
    }
}

extension HardwareModel {
    /// The unit symbol of every declared total, by name, for `SimulationReport.totalUnits`
    /// (the HDF5 `units` of `/totals`).
    public static var totalUnits: [String: String] {
        Dictionary(metrics.map { ($0.name, $0.unit.symbol) }, uniquingKeysWith: { first, _ in first })
    }

    /// The declaration of the total `name`, or nil.
    public static func metric(named name: String) -> MetricDescriptor? { metrics.first { $0.name == name } }

    /// The value of `name` in `report`: a numeric total, or a derived metric (`edp`) computed from the
    /// family's declared delay and energy. Nil when the report has neither.
    public static func metricValue(_ name: String, in report: SimulationReport) -> Double? {
        if let derived = DerivedMetric.all.first(where: { $0.name == name }) {
            return derived.value(in: report, family: self)
        }
        return report.total(name)?.doubleValue
    }
}

extension HardwareModel {
    /// Whether the family declares what `derived` needs (a delay and an energy metric).
    public static func metricValueIsDerivable(_ derived: DerivedMetric) -> Bool {
        delayMetric.flatMap(metric(named:)) != nil && energyMetric.flatMap(metric(named:)) != nil
    }
}
