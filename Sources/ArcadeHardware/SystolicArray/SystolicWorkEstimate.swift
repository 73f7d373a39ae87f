import ArcadeCore
import ArcadeWorkloads
import Foundation

/// What simulating a topology on one array will cost, estimated before any of it runs, so that a
/// run that would take hours (or more memory than the machine has) is refused with a clear error
/// instead of running silently (issue 11).
///
/// `LayerLimits` already bounds every layer on its own; what it costs depends on the array too:
/// - folds: the fold loop and the ofmap write buffer keep one table entry (32 bytes) per fold, so
///   more than `maxFolds` is refused outright (8 GiB of tables), `--allow-huge` or not, and more
///   than `maxFoldsWithoutAllowHuge` (1 GiB) unless `--allow-huge`.
/// - steps: the work of the SRAM models, in units of about one inner-loop iteration — operand
///   reads walked through SCALE-Sim's CALC-mode read buffer 64 at a time (only when the operand
///   does not fit its SRAM; otherwise that count is O(1)), a few per fold, and per ofmap drain the
///   searches of the write buffer. Above `maxSteps` the run is refused unless `--allow-huge`.
/// - cycles: the simulated cycles of the whole workload must stay below 2^60, so every sum of
///   per-layer counts fits in 64 bits.
///
/// Calibration (release build, this project's 2-core machine): a 10,000³ GEMM on a 32×32 OS array
/// with 64 KiB SRAMs is 1.0 · 10^9 steps and takes 19 s, so the limit of 2 · 10^9 steps is about
/// 40 s — long enough for any shipped workload many times over, short enough that a refused run
/// was never a useful one (`simulate` shows a status line meanwhile, per layer only). A 100,000³
/// GEMM is 1.0 · 10^12 steps: about 5 hours.
public struct SystolicWorkEstimate: Equatable, Sendable {
    public static let maxFolds = 1 << 28
    /// 1 GiB of fold tables (measured: 2^25 folds on a 1×1 array, 1.08 GB resident): more needs
    /// `--allow-huge`, so that no run a user did not ask for can exhaust a workstation's memory.
    public static let maxFoldsWithoutAllowHuge = 1 << 25
    public static let maxSteps = 2e9
    public static let maxCycles = Double(1 << 60)

    public var steps: Double = 0
    public var cycles: Double = 0
    /// Bytes the CALC-mode read-buffer walk keeps per operand it walks: a bit and a 32-bit epoch per
    /// 64 addresses of the operand's address space (`EstimateFoldWindow`).
    public var walkBytes: Double = 0
    /// 1 GiB, as for the fold tables: more needs `--allow-huge` (a fuzzed 66,951 × 2 × 256,802 GEMM
    /// took 3 GB here).
    public static let maxWalkBytesWithoutAllowHuge = Double(1 << 30)

    /// The cost of one layer on `config`'s array, and its folds (a depthwise layer runs one channel
    /// and scales it: its cycles count every channel, its steps one).
    static func layer(_ layer: WorkloadLayer, config: SystolicArrayConfig) -> (estimate: SystolicWorkEstimate, folds: Int) {
        var single = layer
        var copies = 1.0
        if case .conv(var conv) = layer, conv.isDepthwise || conv.name.contains("DP") {
            copies = Double(conv.channels)
            conv.channels = 1
            conv.isDepthwise = false
            single = .conv(conv)
        }
        let geometry = Im2ColGeometry(single)
        let (m, n, k) = (geometry.m, geometry.filters, geometry.k)
        let grid = FoldGrid(mapping: FoldMapping(LayerGEMM(m: m, n: n, k: k), dataflow: config.dataflow),
                            rows: config.rows, columns: config.columns)
        // ≤ Sr·Sc ≤ 2^40 (LayerLimits): no overflow.
        let folds = grid.rowFolds * grid.columnFolds
        let (rows, columns) = (Double(config.rows), Double(config.columns))
        let (dm, dn, dk) = (Double(m), Double(n), Double(k))
        let foldCount = Double(folds)
        let temporal = Double(grid.mapping.temporal)
        let cyclesPerFold = config.dataflow == .outputStationary ? temporal + rows + columns : 2 * rows + columns + temporal

        var walked = 0.0
        var walkBytes = 0.0
        if config.dramBandwidthWordsPerCycle == nil {
            // The same fast-path tests as `estimateModeDRAMReads`; the walk reads every SRAM read once.
            let ifmapBuffer = EstimateReadBuffer(sramKiB: config.ifmapSRAMKiB)
            let filterBuffer = EstimateReadBuffer(sramKiB: config.filterSRAMKiB)
            let (ifmapReads, filterReads): (Double, Double)
            switch config.dataflow {
            case .outputStationary: (ifmapReads, filterReads) = (dm * dk * Double(grid.columnFolds), dk * dn * Double(grid.rowFolds))
            case .weightStationary: (ifmapReads, filterReads) = (dm * dk * Double(grid.columnFolds), dk * dn)
            case .inputStationary: (ifmapReads, filterReads) = (dk * dm, dn * dk * Double(grid.columnFolds))
            }
            if ifmapBuffer.missesWithoutEviction(distinct: geometry.touchedIfmapWords) == nil {
                walked += ifmapReads
                walkBytes += Double(geometry.ifmapWords) / 64 * 12
            }
            if filterBuffer.missesWithoutEviction(distinct: k * n) == nil {
                walked += filterReads
                walkBytes += Double(k) * Double(n) / 64 * 12
            }
        }
        // Outputs the write buffer drains: each output once (OS), every partial sum (WS/IS).
        let outputs = config.dataflow == .outputStationary ? dm * dn : dm * dn * Double(grid.rowFolds)
        let bufferWords = Double(config.ofmapSRAMKiB) * 1024 / Double(config.wordBytes)
        let drains = outputs / max(1, bufferWords / 2)
        let searchDepth = log2(max(2, cyclesPerFold)) + log2(max(2, foldCount))
        let steps = walked / 64 + foldCount * 8 + drains * (columns + 1) * searchDepth
        // Stalls are at most one cycle per output line drained, and each line holds ≥ 1 output.
        let cycles = foldCount * cyclesPerFold + outputs
        return (SystolicWorkEstimate(steps: steps, cycles: cycles * copies, walkBytes: walkBytes), folds)
    }

    /// Checks every layer of `topology` and the whole; `allowHuge` lifts the `maxSteps` limit only.
    @discardableResult
    public static func check(_ topology: Topology, config: SystolicArrayConfig, file: String,
                             allowHuge: Bool) throws -> SystolicWorkEstimate {
        var total = SystolicWorkEstimate()
        let array = "the \(config.rows)×\(config.columns) \(config.dataflow.rawValue) array"
        for (index, layer) in topology.layers.enumerated() {
            let line = index < topology.layerLines.count ? topology.layerLines[index] : nil
            let (estimate, folds) = Self.layer(layer, config: config)
            if folds > maxFolds {
                throw InputError(file: file, line: line,
                                 "layer '\(layer.name)' folds \(folds) times onto \(array); at most 2^28 (\(maxFolds)) "
                                     + "folds per layer are allowed (Arcade keeps 32 bytes per fold); use a larger array")
            }
            if folds > maxFoldsWithoutAllowHuge && !allowHuge {
                throw InputError(file: file, line: line,
                                 "layer '\(layer.name)' folds \(folds) times onto \(array), about "
                                     + "\(folds >> 25) GiB of fold tables; at most 2^25 (\(maxFoldsWithoutAllowHuge)) folds "
                                     + "are allowed without --allow-huge; use a larger array or pass --allow-huge")
            }
            if estimate.steps > maxSteps && !allowHuge {
                throw InputError(file: file, line: line,
                                 "layer '\(layer.name)' needs about \(describe(estimate.steps)) steps of the SRAM models "
                                     + "on \(array) (about \(duration(estimate.steps)) in a release build); "
                                     + "the limit is \(describe(maxSteps)) steps; pass --allow-huge to run it anyway")
            }
            if estimate.walkBytes > maxWalkBytesWithoutAllowHuge && !allowHuge {
                throw InputError(file: file, line: line,
                                 "layer '\(layer.name)' needs about \(String(format: "%.1f", estimate.walkBytes / 1e9)) GB for the "
                                     + "SRAM read model on \(array) (its operands do not fit the SRAMs and are walked "
                                     + "address by address); at most 1 GiB is allowed without --allow-huge; "
                                     + "use larger SRAMs or pass --allow-huge")
            }
            total.steps += estimate.steps
            total.cycles += estimate.cycles
        }
        if total.steps > maxSteps && !allowHuge {
            throw InputError(file: file, "the workload's \(topology.layers.count) layers need about \(describe(total.steps)) "
                                 + "steps of the SRAM models on \(array) (about \(duration(total.steps)) in a release "
                                 + "build); the limit is \(describe(maxSteps)) steps; pass --allow-huge to run it anyway")
        }
        if total.cycles > maxCycles {
            throw InputError(file: file, "the workload would run for about \(describe(total.cycles)) cycles on \(array); "
                                 + "at most 2^60 cycles are allowed (64-bit counters)")
        }
        return total
    }

    /// Requests the cycle-level DRAM (`memory:`) may be given without `--allow-huge`: it runs about
    /// 1.7 M requests per second (README), so 10^8 is about a minute.
    public static let maxDRAMRequests = 100_000_000

    /// Checks the DRAM traffic of `results` before it is run on a cycle-level DRAM of `lineBytes` lines.
    static func checkDRAMTraffic(_ results: [SystolicLayerResult], config: SystolicArrayConfig, lineBytes: Int,
                                 file: String, allowHuge: Bool) throws {
        var words = 0.0
        for result in results {
            words += Double(result.dramReadsIfmap) + Double(result.dramReadsFilter) + Double(result.dramWritesOfmap)
        }
        let requests = words * Double(config.wordBytes) / Double(lineBytes)
        if requests > Double(Int32.max) {
            throw InputError(file: file, "the workload moves about \(describe(requests)) DRAM lines; the cycle-level DRAM "
                                 + "(memory:) numbers requests in 32 bits, so at most 2^31 − 1 are allowed")
        }
        if requests > Double(maxDRAMRequests) && !allowHuge {
            throw InputError(file: file, "the workload moves about \(describe(requests)) DRAM lines through the cycle-level "
                                 + "DRAM (memory:), about \(Int(requests / 1.7e6 / 60 + 1)) minutes; the limit is 1.0e8; "
                                 + "pass --allow-huge to run it anyway")
        }
    }

    /// "1.0e12".
    static func describe(_ value: Double) -> String {
        guard value.isFinite, value >= 1 else { return "\(value)" }
        let exponent = Int(log10(value).rounded(.down))
        let mantissa = value / pow(10, Double(exponent))
        return "\((mantissa * 10).rounded() / 10)e\(exponent)"
    }

    /// Release-build time of `steps`, from the calibration above (about 5 · 10^7 steps per second).
    static func duration(_ steps: Double) -> String {
        let seconds = steps / 5e7
        if seconds < 120 { return "\(Int(seconds.rounded())) s" }
        if seconds < 7200 { return "\(Int((seconds / 60).rounded())) minutes" }
        if seconds < 172_800 { return "\(Int((seconds / 3600).rounded())) hours" }
        return "\(Int(min(seconds / 86_400, 1e12).rounded())) days"
    }
}
