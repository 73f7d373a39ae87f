import ArgumentParser
import ArcadeCore
import ArcadeHardware
import ArcadeWorkloads
import Foundation

/// `arcade bench dram-paths`: the DRAM on the event kernel (trace-source component → memory port →
/// DRAM component) against the fused loop that `simulate` uses, on one trace, in one process,
/// interleaved; checks that both give the same cycles. Release builds only.
struct BenchDRAMPaths: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dram-paths",
        abstract: "Compare the DRAM's kernel path (components and a memory port) with its fused loop.",
        discussion: """
            Runs ARCHITECTURE (family: dram) on TRACE --repeat times on each path, alternating, and \
            prints the fastest run of each in requests per second (wall clock; the machine's load \
            moves single runs). Fails if the two paths disagree on cycles or on the last accept cycle.
            """)

    @Argument(help: "A family: dram architecture file.")
    var architecture: String
    @Argument(help: "A request trace (any format `simulate` reads).")
    var trace: String
    @Option(help: "Rounds per path (≥ 1).")
    var `repeat`: Int = 3

    func validate() throws {
        guard self.repeat >= 1 else { throw ValidationError("--repeat must be ≥ 1") }
    }

    func run() throws {
        let model = try HardwareRegistry.loadArchitecture(path: architecture)
        guard let dram = model as? DRAMModel else {
            throw ValidationError("\(architecture) is not a family: dram architecture")
        }
        let requests = try MemoryTraceReader.read(path: trace).requests
        let simulation = DRAMSimulation(config: dram.config)
        var best: [String: Double] = [:]
        var cycles: [String: (Int64, Int64)] = [:]
        for _ in 0..<self.repeat {
            for path in ["fused", "kernel"] {
                let start = ContinuousClock.now
                let result = path == "fused" ? try simulation.run(requests, traceName: trace)
                    : try simulation.runOnKernel(requests, traceName: trace)
                let elapsed = ContinuousClock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                best[path] = min(best[path] ?? .infinity, seconds)
                cycles[path] = (result.cycles, result.lastAcceptCycle)
            }
        }
        print("path    requests   cycles        last accept   best s    k requests/s")
        for path in ["fused", "kernel"] {
            let (total, accept) = cycles[path]!
            print(String(format: "%-6@  %9d  %12lld  %12lld  %8.3f  %10.0f", path as NSString, requests.count,
                         total, accept, best[path]!, Double(requests.count) / best[path]! / 1e3))
        }
        guard cycles["fused"]! == cycles["kernel"]! else {
            throw ValidationError("the two paths disagree: fused \(cycles["fused"]!), kernel \(cycles["kernel"]!)")
        }
        print(String(format: "kernel / fused speed: %.2f", best["fused"]! / best["kernel"]!))
    }
}
