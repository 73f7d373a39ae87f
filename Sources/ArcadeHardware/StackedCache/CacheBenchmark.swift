import ArcadeCore
import ArcadeKernel
import ArcadeWorkloads
import Foundation

/// One measurement of the cache family's speed on one trace: data accesses per second (a lackey
/// `M` counts as two, a load and a store, as pycachesim's calls do; instruction fetches are left
/// out), the trace replayed `passes` times back to back so the hierarchy is warm, best of `repeats`.
public struct CacheBenchmarkResult: Sendable, Codable, Equatable {
    public var trace: String
    public var architecture: String
    /// `functional`: the levels' state and counts only (what pycachesim computes);
    /// `timed`: the whole chip on the kernel — core, levels' MSHRs and stacked layers, memory.
    public var mode: String
    public var accesses: Int
    public var seconds: Double
    public var accessesPerSecond: Double
}

/// `arcade bench cache`.
public enum CacheBenchmark {
    public static func run(architecture path: String, trace tracePath: String, passes: Int, repeats: Int,
                           modes: Set<String> = ["functional", "timed"]) throws -> [CacheBenchmarkResult] {
        guard let model = try HardwareRegistry.loadArchitecture(path: path) as? CacheModel else {
            throw InputError(file: path, "not a cache hierarchy (family: cache)")
        }
        let trace = try AddressTraceReader.read(path: tracePath)
        let data = trace.accesses.filter { $0.kind != .instruction }
        var replay: [AddressAccess] = []
        replay.reserveCapacity(data.count * passes)
        for _ in 0..<passes { replay.append(contentsOf: data) }
        let accesses = replay.reduce(0) { $0 + ($1.kind == .modify ? 2 : 1) }
        var architecture = model.architecture
        architecture.instructionLevel = nil
        let name = URL(fileURLWithPath: tracePath).lastPathComponent, arch = URL(fileURLWithPath: path).lastPathComponent

        var functional = Double.infinity
        for _ in 0..<(modes.contains("functional") ? max(1, repeats) : 0) {
            let hierarchy = CacheHierarchy(levels: architecture.levels, instructionLevel: nil, compat: true)
            let start = DispatchTime.now().uptimeNanoseconds
            var served = 0
            for access in replay {
                hierarchy.sink.transferCount = 0
                served &+= hierarchy.access(access) ?? 0
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if served < 0 { print(served) }     // keeps the loop's result alive
            functional = min(functional, seconds)
        }
        var timed = Double.infinity
        let replayTrace = AddressTrace(name: name, format: trace.format, accesses: replay)
        for _ in 0..<(modes.contains("timed") ? max(1, repeats) : 0) {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try CacheRun.run(architecture, trace: replayTrace, compat: false)
            timed = min(timed, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return [("functional", functional), ("timed", timed)].filter { modes.contains($0.0) }.map { mode, seconds in
            CacheBenchmarkResult(trace: name, architecture: arch, mode: mode, accesses: accesses, seconds: seconds,
                                 accessesPerSecond: Double(accesses) / seconds)
        }
    }
}
