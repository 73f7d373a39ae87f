import Foundation

/// A `PointEvaluator` backed by a closure instead of the simulator: for tests, for quick demos of
/// the harness, and for measuring optimiser overhead without simulation noise.
///
/// ```swift
/// let evaluator = SyntheticEvaluator(
///     parameters: [.init(name: "x", values: (0..<10).map(String.init))],
///     objectiveNames: ["cost"]) { point in .feasible([Double((point[0] - 3) * (point[0] - 3))]) }
/// ```
public struct SyntheticEvaluator: PointEvaluator {
    public struct Parameter: Sendable {
        public var name: String
        public var values: [String]
        public var ordered: Bool

        public init(name: String, values: [String], ordered: Bool = true) {
            precondition(!values.isEmpty, "parameter \(name) needs at least one value")
            self.name = name
            self.values = values
            self.ordered = ordered
        }
    }

    public enum Outcome: Sendable {
        case feasible([Double])
        case infeasible(String)
    }

    public let space: MultiDiscreteSpace
    public let objectiveNames: [String]
    public let ordered: [Bool]
    public let parameterNames: [String]
    let values: [[String]]
    let function: @Sendable ([Int]) -> Outcome

    public init(parameters: [Parameter], objectiveNames: [String], function: @escaping @Sendable ([Int]) -> Outcome) {
        precondition(!objectiveNames.isEmpty, "at least one objective")
        space = MultiDiscreteSpace(counts: parameters.map(\.values.count))
        self.objectiveNames = objectiveNames
        ordered = parameters.map(\.ordered)
        parameterNames = parameters.map(\.name)
        values = parameters.map(\.values)
        self.function = function
    }

    public func decode(_ point: [Int]) -> [String] {
        zip(values, point).map { $0[$1] }
    }

    public func evaluate(_ points: [[Int]]) -> [(evaluation: Evaluation, failure: String?)] {
        points.map { point in
            switch function(point) {
            case .feasible(let objectives):
                precondition(objectives.count == objectiveNames.count, "synthetic function returned \(objectives.count) objectives")
                return (Evaluation(point: point, objectives: objectives, feasible: true), nil)
            case .infeasible(let reason):
                return (Evaluation(point: point, objectives: [], feasible: false), reason)
            }
        }
    }
}

extension SyntheticEvaluator {
    /// A 6-knob toy accelerator shaped like the notes' peer measurements (57,600 points): array rows
    /// and columns 8–128, SRAM 64–2048 KB, DRAM channels 1–8, clock 500–2000 MHz, dataflow. A roofline-ish
    /// latency and an area estimate, both minimised; single-objective mode minimises latency × area.
    /// Points whose SRAM cannot hold one tile per PE row are infeasible, so agents meet constraints.
    ///
    /// The model is a made-up smooth landscape with a unique optimum, not a hardware claim.
    public static func toyAccelerator(objectives: ToyObjectives = .latencyTimesArea) -> SyntheticEvaluator {
        let sides = [8, 12, 16, 24, 32, 48, 64, 80, 96, 128]
        let srams = [64, 128, 256, 512, 1024, 2048]
        let channels = [1, 2, 4, 8]
        let clocks = [500, 750, 1000, 1250, 1500, 2000]
        let dataflows = ["os", "ws", "is", "rs"]
        let parameters: [Parameter] = [
            .init(name: "rows", values: sides.map(String.init)),
            .init(name: "cols", values: sides.map(String.init)),
            .init(name: "sram_kb", values: srams.map(String.init)),
            .init(name: "dram_channels", values: channels.map(String.init)),
            .init(name: "clock_mhz", values: clocks.map(String.init)),
            .init(name: "dataflow", values: dataflows, ordered: false),
        ]
        let names = objectives == .latencyTimesArea ? ["latency_x_area"] : ["latency_us", "area_mm2"]
        return SyntheticEvaluator(parameters: parameters, objectiveNames: names) { point in
            let rows = Double(sides[point[0]]), cols = Double(sides[point[1]])
            let sram = Double(srams[point[2]]), dram = Double(channels[point[3]])
            let clock = Double(clocks[point[4]])
            guard sram >= rows * 4 else { return .infeasible("sram_kb \(Int(sram)) < 4 KB per array row (\(Int(rows)) rows)") }
            // Work of a fixed layer set (MACs) spread over the array; skinny arrays and dataflow
            // mismatches waste PEs; DRAM traffic shrinks with SRAM and is served by the channels.
            let macs = 2.0e10
            let aspectPenalty = 1 + 0.15 * abs(log2(rows / cols))
            let dataflowFactor = [1.0, 0.92, 1.08, 0.97][point[5]]
            let computeUs = macs / (rows * cols * clock) * aspectPenalty * dataflowFactor
            let trafficMB = 400.0 / (sram / 64).squareRoot() + 20
            let memoryUs = trafficMB / (dram * 12.8) * 1000  // 12.8 GB/s per channel; MB / (GB/s) = ms
            let latency = max(computeUs, memoryUs) + 0.1 * min(computeUs, memoryUs)
            let area = 0.002 * rows * cols * (1 + clock / 4000) + 0.0012 * sram + 1.5 * dram + 2
            switch objectives {
            case .latencyTimesArea: return .feasible([latency * area])
            case .latencyAndArea: return .feasible([latency, area])
            }
        }
    }

    public enum ToyObjectives: Sendable {
        /// One objective, latency_us × area_mm2.
        case latencyTimesArea
        /// Two objectives, latency_us and area_mm2 (a real trade-off front).
        case latencyAndArea
    }
}
