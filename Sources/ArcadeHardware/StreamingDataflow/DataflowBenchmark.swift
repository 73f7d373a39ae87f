import ArcadeCore
import ArcadeKernel
import Foundation

/// One measurement of the dataflow family's speed: a graph run on the kernel (building the chip
/// and generating inputs excluded, the FP64 reference check excluded), best of `repeats`.
public struct DataflowBenchmarkResult: Sendable, Codable, Equatable {
    public var graph: String
    public var sequenceLength: Int
    public var headDim: Int
    /// Unit firings (element operations) of the run.
    public var firings: Int
    public var events: UInt64
    public var cycles: UInt64
    public var seconds: Double
    public var firingsPerSecond: Double
    /// Simulated cycles per wall-clock second.
    public var cyclesPerSecond: Double
}

/// `arcade bench dataflow`: firings per second on shipped graphs.
public enum DataflowBenchmark {
    public static func run(architecture path: String, workload: AttentionWorkload, repeats: Int = 3) throws -> DataflowBenchmarkResult {
        guard let model = try HardwareRegistry.loadArchitecture(path: path) as? DataflowModel else {
            throw InputError(file: path, "not a dataflow graph (family: dataflow)")
        }
        let graph = try DataflowGraph(template: model.graph, workload: workload, file: path)
        var best: (seconds: Double, run: DataflowRun)?
        for _ in 0..<max(1, repeats) {
            var seconds = 0.0
            let run = try DataflowRun.run(graph, timing: &seconds)
            if best == nil || seconds < best!.seconds { best = (seconds, run) }
        }
        let (seconds, run) = best!
        let firings = run.units.reduce(0) { $0 + $1.firings }
        return DataflowBenchmarkResult(graph: model.graph.name, sequenceLength: workload.sequenceLength, headDim: workload.headDim,
                                       firings: firings, events: run.events, cycles: run.cycles, seconds: seconds,
                                       firingsPerSecond: Double(firings) / seconds, cyclesPerSecond: Double(run.cycles) / seconds)
    }
}
