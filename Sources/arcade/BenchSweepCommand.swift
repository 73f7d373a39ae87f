import ArcadeCore
import ArcadeExplore
import ArgumentParser
import Foundation

/// `arcade bench sweep`: points/s of a whole sweep (evaluation, scheduling, HDF5 append) with 1 and all workers.
struct BenchSweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Time a grid sweep with 1 and with all workers: points/s, speed-up, overhead per point.",
        discussion: """
            Runs the sweep into a temporary HDF5 file once per worker count (a fresh evaluator each \
            time, so every point is simulated). Overhead per point = (wall time × workers − time \
            inside evaluations) / points: scheduling, result hand-off and the HDF5 append+flush that \
            the writer does while workers run. Use a release build (swift build -c release).
            """)

    @Option(help: "Design-space file (default: the 1440-point Workloads/spaces/sweep-bench.yaml).")
    var space = "Workloads/spaces/sweep-bench.yaml"

    @Option(help: "Worker counts to time, comma-separated (default: 1 and all cores).")
    var jobs: String?

    @Option(help: "Points per append+flush (default as in arcade sweep).")
    var batch: Int?

    @Flag(help: "Print one JSON document.")
    var json = false

    func run() throws {
        let designSpace = try DesignSpaceFile.load(path: space)
        let plan = try SweepPlan(space: designSpace, sampling: .grid)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let counts = try jobs.map { text in
            try text.split(separator: ",").map { part -> Int in
                guard let value = Int(part.trimmingCharacters(in: .whitespaces)), value >= 1 else {
                    throw ValidationError("--jobs expects positive integers, got '\(text)'")
                }
                return value
            }
        } ?? Array(Set([1, cores])).sorted()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("arcade-bench-sweep-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var rows: [[String: Any]] = []
        var lines = ["sweep benchmark: \(designSpace.name), \(plan.ranks.count) points, \(cores) cores"
                     + (Self.loadAverage.map { String(format: ", load average %.2f", $0) } ?? "")]
        var single: Double?
        for count in counts {
            let out = "\(directory)/jobs\(count).h5"
            let runner = SweepRunner(plan: plan, out: out, jobs: count, batchSize: batch, storage: HDF5SweepStorage())
            let progress = ProgressBar(phase: "sweep with \(count) job\(count == 1 ? "" : "s")", unit: "points")
            defer { progress.finish() }
            let outcome = try runner.run { progress.update(done: $0.done, total: $0.total, elapsedSeconds: $0.elapsedSeconds) }
            progress.finish()
            let rate = Double(outcome.evaluated) / outcome.seconds
            if count == 1 { single = rate }
            let overhead = (outcome.seconds * Double(count) - outcome.evaluationSeconds) / Double(outcome.evaluated)
            let store = outcome.storeSeconds / Double(outcome.evaluated)
            let perPoint = outcome.evaluationSeconds / Double(outcome.evaluated)
            let cpuPerPoint = outcome.evaluationCPUSeconds / Double(outcome.evaluated)
            rows.append(["jobs": count, "points": outcome.evaluated, "seconds": outcome.seconds, "points_per_second": rate,
                         "evaluation_ms_per_point": perPoint * 1e3, "evaluation_cpu_ms_per_point": cpuPerPoint * 1e3, "overhead_ms_per_point": overhead * 1e3,
                         "hdf5_append_flush_ms_per_point": store * 1e3, "speedup": single.map { rate / $0 } as Any])
            lines.append(String(format: "  jobs %2d: %7.1f points/s (%.2f s)%@; evaluation %.3f ms/point (%.3f ms CPU); overhead %.4f ms/point "
                                + "(of which HDF5 append+flush %.4f ms, overlapped with evaluation)",
                                count, rate, outcome.seconds, single.map { String(format: ", %.2f× one worker", rate / $0) } ?? "",
                                perPoint * 1e3, cpuPerPoint * 1e3, overhead * 1e3, store * 1e3))
        }
        if json {
            let data = try JSONSerialization.data(withJSONObject: ["space": designSpace.name, "points": plan.ranks.count,
                                                                   "cores": cores, "runs": rows], options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(lines.joined(separator: "\n"))
        }
    }

    static var loadAverage: Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }
}
