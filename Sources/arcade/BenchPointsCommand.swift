import ArcadeCore
import ArcadeExplore
import ArgumentParser
import Foundation

/// `arcade bench points`: how long one design point takes to simulate, point by point, on one core.
///
/// `bench sweep` gives the rate of a whole sweep; this gives the distribution (median, p99, max) and
/// the slowest points by name, which is what "every design point in ≤ 1 ms" (issue 12) is about: an
/// average hides the few array/SRAM corners that walk the most. Times are the thread's CPU time
/// (CLOCK_THREAD_CPUTIME_ID), so other processes sharing the cores do not inflate them.
struct BenchPoints: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "points",
        abstract: "Time each design point's simulation on one core: median, p99, max (ms) and the slowest points.",
        discussion: """
            Simulates the space's feasible points one after another in this thread (no cache, no \
            HDF5), every point with --grid (the default) or N seeded random ones with --random N. \
            Use a release build (swift build -c release).
            """)

    @Argument(help: "Design-space file (.yaml).")
    var space = "Workloads/spaces/systolic-resnet18.yaml"

    @Option(help: "N distinct seeded random feasible points instead of every one.")
    var random: Int?

    @Option(help: "Seed of --random.")
    var seed: UInt64 = SweepPlan.defaultSeed

    @Option(help: "How many of the slowest points to list.")
    var slowest = 5

    @Flag(help: "Print one JSON document.")
    var json = false

    func run() throws {
        let designSpace = try DesignSpaceFile.load(path: space)
        let plan = try SweepPlan(space: designSpace, sampling: random.map { .random($0) } ?? .grid, seed: seed)
        let progress = ProgressBar(phase: "points", unit: "points")
        var times: [(ms: Double, point: [Int])] = []
        times.reserveCapacity(plan.ranks.count)
        var failed = 0
        let start = Date()
        for (done, rank) in plan.ranks.enumerated() {
            let point = plan.point(rank: rank)
            let before = Self.threadCPUSeconds()
            do { _ = try designSpace.simulate(point) } catch { failed += 1 }
            times.append(((Self.threadCPUSeconds() - before) * 1e3, point))
            progress.update(done: done + 1, total: plan.ranks.count, elapsedSeconds: Date().timeIntervalSince(start))
        }
        progress.finish()
        guard !times.isEmpty else { throw InputError(file: space, "has no feasible point to time") }
        let sorted = times.map(\.ms).sorted()
        func quantile(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * q))] }
        let total = sorted.reduce(0, +)
        let worst = times.sorted { $0.ms > $1.ms }.prefix(slowest)
        if json {
            let document: [String: Any] = [
                "space": designSpace.name, "points": times.count, "failed": failed,
                "cpu_seconds": total / 1e3, "points_per_cpu_second": Double(times.count) / (total / 1e3),
                "median_ms": quantile(0.5), "p90_ms": quantile(0.9), "p99_ms": quantile(0.99), "max_ms": sorted.last!,
                "slowest": worst.map { ["ms": $0.ms, "point": designSpace.decode($0.point).joined(separator: " ")] },
            ]
            let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("point benchmark: \(designSpace.name), \(times.count) points (\(failed) failed in the simulator), one core, CPU time")
        print(String(format: "  %.1f points per CPU second; per point: median %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms",
                     Double(times.count) / (total / 1e3), quantile(0.5), quantile(0.9), quantile(0.99), sorted.last!))
        let names = designSpace.parameterNames
        for entry in worst {
            let values = zip(names, designSpace.decode(entry.point)).map { "\($0)=\($1)" }.joined(separator: " ")
            print(String(format: "  %9.3f ms  %@", entry.ms, values))
        }
    }

    static func threadCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }
}
