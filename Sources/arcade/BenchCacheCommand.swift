import ArgumentParser
import ArcadeCore
import ArcadeHardware
import Foundation

/// `arcade bench cache`: data accesses per second on warm hierarchies, functional and timed.
struct BenchCache: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Measure cache-hierarchy simulation speed: data accesses per second, warm.",
        discussion: """
            Reads each trace, keeps its data accesses (a lackey M counts as two, a load and a store, \
            as pycachesim's calls do; instruction fetches are left out), repeats them --passes times \
            back to back so the hierarchy is warm, and times (best of --repeats) the functional model \
            alone (state and counts, what pycachesim computes) and the whole timed chip on the kernel \
            (core, MSHRs, stacked layers, memory). Trace reading is not timed. One core; build with \
            -c release. bench/cache/speed-vs-pycachesim.sh runs pycachesim on the same traces beside it.
            """)

    @Option(help: "The cache architecture file.")
    var architecture = "Tests/ArcadeHardwareTests/Fixtures/cache/pycachesim/hierarchies/l3-lru.yaml"
    @Option(help: "Address traces (comma-separated).")
    var traces = "Workloads/traces/sort.lackey.gz,Workloads/traces/gzip.lackey.gz,Workloads/traces/matmul.lackey.gz,Workloads/traces/bfs.lackey.gz"
    @Option(help: "Times each trace's data accesses are replayed back to back.")
    var passes = 20
    @Option(help: "Runs per measurement; the fastest is reported.")
    var repeats = 3
    @Option(help: "What to time: functional, timed or both (comma-separated).")
    var modes = "functional,timed"
    @Flag(help: "Print the results as JSON.")
    var json = false

    func validate() throws {
        guard (1...1000).contains(passes) else { throw ValidationError("--passes must be in 1...1000") }
        guard (1...100).contains(repeats) else { throw ValidationError("--repeats must be in 1...100") }
    }

    func run() throws {
        var results: [CacheBenchmarkResult] = []
        for trace in traces.split(separator: ",").map(String.init) {
            results += try CacheBenchmark.run(architecture: architecture, trace: trace, passes: passes, repeats: repeats,
                                               modes: Set(modes.split(separator: ",").map(String.init)))
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
            return
        }
        let width = max(5, results.map(\.trace.count).max() ?? 5)
        print("trace".padding(toLength: width, withPad: " ", startingAt: 0) + "  mode          accesses   seconds  M accesses/s")
        for r in results {
            print(r.trace.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                  + r.mode.padding(toLength: 10, withPad: " ", startingAt: 0)
                  + String(format: " %12d %9.3f %13.1f", r.accesses, r.seconds, r.accessesPerSecond / 1e6))
        }
    }
}
