import ArgumentParser
import ArcadeKernel
import Foundation

/// `arcade bench kernel`: events per second of the event kernel on the standard hold model,
/// calendar queue vs binary heap. Only meaningful in a release build (`swift build -c release`).
struct BenchKernel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Measure event-kernel throughput (hold model): calendar queue vs binary heap.",
        discussion: """
            Keeps N events pending; each popped event schedules one successor 1–2000 ps later \
            (1% of them 10^6 ps later). Build with -c release for meaningful numbers.
            """)

    @Option(help: "Events to process per measurement.")
    var events: Int = 10_000_000

    @Option(parsing: .upToNextOption, help: "Pending-event counts to measure (one or more).")
    var pending: [Int] = [1_000, 100_000]

    @Option(parsing: .upToNextOption,
            help: "Queues to measure: calendar, binaryHeap or both (one run of each per pending count).")
    var queue: [EventQueueKind] = EventQueueKind.allCases

    @Option(help: "Seed for the delays (SplitMix64).")
    var seed: UInt64 = 1

    @Flag(help: "Print the results as JSON instead of a table.")
    var json = false

    func validate() throws {
        guard events > 0 else { throw ValidationError("--events must be positive, got \(events)") }
        guard !queue.isEmpty else { throw ValidationError("--queue needs one or more of calendar, binaryHeap") }
        guard !pending.isEmpty, pending.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--pending needs one or more positive counts, got \(pending)")
        }
    }

    func run() throws {
        var results: [KernelBenchmarkResult] = []
        if !json {
            print(row("queue", "pending", "events", "seconds", "M events/s"))
        }
        for pendingEvents in pending {
            for queue in self.queue {
                let result = KernelBenchmark.run(pendingEvents: pendingEvents, totalEvents: events,
                                                 queue: queue, seed: seed)
                results.append(result)
                if !json {
                    print(row(queue.rawValue, "\(pendingEvents)", "\(result.events)",
                              String(format: "%.3f", result.seconds),
                              String(format: "%.1f", result.eventsPerSecond / 1e6)))
                }
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
        }
    }

    private func row(_ queue: String, _ pending: String, _ events: String, _ seconds: String,
                     _ rate: String) -> String {
        func pad(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - text.count)) + text
        }
        return queue.padding(toLength: 11, withPad: " ", startingAt: 0)
            + pad(pending, 9) + pad(events, 12) + pad(seconds, 9) + pad(rate, 12)
    }
}

extension EventQueueKind: ExpressibleByArgument {}
