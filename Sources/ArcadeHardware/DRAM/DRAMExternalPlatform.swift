import ArcadeCore
import ArcadeWorkloads

/// What an outside platform (a SystemC/TLM-2.0 model through the C ABI, `Sources/ArcadeCABI`)
/// needs from the DRAM family to replay a trace exactly as `arcade simulate` runs it.
extension DRAMModel {
    /// Reads a trace as `simulate` does and checks it against this memory (arrival bounds, every
    /// address within the capacity): the same `InputError`s in the same order, so a platform
    /// replaying a bad trace reports what the CLI would.
    public func readCheckedTrace(path: String, allowHuge: Bool = false) throws -> MemoryTrace {
        let trace = try MemoryTraceReader.read(path: path)
        try MemoryTraceLimits.checkIdleTime(trace, file: path, allowHuge: allowHuge)
        _ = try DRAMSimulation(config: config).decode(trace.requests, traceName: path)
        return trace
    }

    /// Arcade's own run of `trace` — the fused loop `simulate` uses — with each request's
    /// completion cycle recorded (`DRAMRunResult.completionCycles`).
    public func runRecordingCompletions(_ trace: MemoryTrace, traceName: String) throws -> DRAMRunResult {
        var simulation = DRAMSimulation(config: config)
        simulation.recordCompletions = true
        return try simulation.run(trace.requests, traceName: traceName)
    }
}
