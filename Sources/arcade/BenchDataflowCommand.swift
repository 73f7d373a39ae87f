import ArgumentParser
import ArcadeCore
import ArcadeHardware
import Foundation

/// `arcade bench dataflow`: unit firings per second on the shipped SDPA graphs.
struct BenchDataflow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataflow",
        abstract: "Measure dataflow simulation speed: unit firings (element operations) per second.",
        discussion: """
            Runs each graph on one head of N × D attention and times the chip's run alone (inputs \
            generated and the chip built before the clock starts; no reference check), best of \
            --repeats. One core; build with -c release for meaningful numbers.
            """)

    @Option(help: "Dataflow graph files (comma-separated).")
    var graphs = "Architectures/dataflow/sdpa-naive.yaml,Architectures/dataflow/sdpa-reordered.yaml"
    @Option(name: .customLong("sequence-length"), help: "N, the sequence length.")
    var sequenceLength = 4096
    @Option(name: .customLong("head-dim"), help: "D, the head dimension.")
    var headDim = 16
    @Option(help: "Runs per graph; the fastest is reported.")
    var repeats = 3
    @Flag(help: "Print the results as JSON.")
    var json = false

    func validate() throws {
        guard AttentionWorkload.sequenceLengths.contains(sequenceLength) else {
            throw ValidationError("--sequence-length must be in \(AttentionWorkload.sequenceLengths), got \(sequenceLength)")
        }
        guard AttentionWorkload.headDims.contains(headDim) else {
            throw ValidationError("--head-dim must be in \(AttentionWorkload.headDims), got \(headDim)")
        }
        guard (1...100).contains(repeats) else { throw ValidationError("--repeats must be in 1...100") }
    }

    func run() throws {
        let workload = AttentionWorkload(sequenceLength: sequenceLength, headDim: headDim)
        var results: [DataflowBenchmarkResult] = []
        for path in graphs.split(separator: ",").map(String.init) {
            results.append(try DataflowBenchmark.run(architecture: path, workload: workload, repeats: repeats))
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
            return
        }
        let nameWidth = max(5, results.map(\.graph.count).max() ?? 5)
        print("graph".padding(toLength: nameWidth, withPad: " ", startingAt: 0)
              + "      N     D      firings       events       cycles  seconds  M firings/s  M cycles/s")
        for r in results {
            print(r.graph.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                  + String(format: " %6d %5d %12d %12llu %12llu %8.3f %12.1f %11.1f", r.sequenceLength, r.headDim, r.firings,
                           r.events, r.cycles, r.seconds, r.firingsPerSecond / 1e6, r.cyclesPerSecond / 1e6))
        }
    }
}
