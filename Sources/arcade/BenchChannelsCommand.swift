import ArgumentParser
import ArcadeKernel
import Foundation

/// `arcade bench channels`: element transfers per second through a chain of components joined by
/// bounded channels (the component layer's cost per transfer). Release builds only.
struct BenchChannels: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "channels",
        abstract: "Measure bounded-channel throughput through a chain of components.",
        discussion: """
            A source, forwarding stages and a sink joined by bounded channels (one-cycle send and \
            response latency) move --elements elements; reports transfers (element-hops) per second. \
            Build with -c release for meaningful numbers.

            --ring closes the chain into a ring of stages that each send depth + 1 elements \
            before receiving: every channel fills and every stage waits on its neighbour. Arcade \
            detects the deadlock, prints it (with --json: {"deadlock": …} on stdout) and exits with \
            code 3 — a demonstration of the deadlock report every simulation gives.
            """)

    @Option(help: "Components in the chain (≥ 2; channels = components − 1).")
    var components: Int = 10
    @Option(help: "Channel depth in elements (≥ 1).")
    var depth: Int = 4
    @Option(help: "Elements the source emits.")
    var elements: UInt64 = 2_000_000
    @Flag(help: "Print the result as JSON.")
    var json = false
    @Flag(help: "Close the chain into a deadlocking ring (exit code 3, the deadlock report).")
    var ring = false

    func validate() throws {
        guard components >= 2 else { throw ValidationError("--components must be ≥ 2, got \(components)") }
        guard depth >= 1 else { throw ValidationError("--depth must be ≥ 1, got \(depth)") }
        guard elements >= 1 else { throw ValidationError("--elements must be ≥ 1") }
    }

    func run() throws {
        if ring {
            guard let deadlock = ChannelBenchmark.ringDeadlock(components: components, depth: depth) else {
                throw ValidationError("the ring did not deadlock")   // cannot happen: each stage oversends
            }
            try DeadlockOutput.emit(deadlock, json: json)
        }
        let result = ChannelBenchmark.run(components: components, depth: depth, elements: elements)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            print("components  depth  transfers   events      seconds  M transfers/s  M events/s")
            print(String(format: "%10d  %5d  %9llu  %9llu  %9.3f  %13.1f  %10.1f", result.components, result.depth,
                         result.transfers, result.events, result.seconds, result.transfersPerSecond / 1e6,
                         Double(result.events) / result.seconds / 1e6))
        }
    }
}
