import ArcadeCore

/// SCALE-Sim 3.0.0's own three report files, byte for byte as `simulator.py` `generate_reports`
/// writes them, from `--compat scalesim` results: so scripts that read SCALE-Sim's outputs read
/// Arcade's (`arcade simulate --compat scalesim --report-dir DIR`).
///
/// Layout: a header line; per SCALE-Sim layer (depthwise channels expanded, ids from 0)
/// `id, v1, v2, …,` — ", " between fields and a trailing comma — each value as Python's `str`:
/// counts as integers, cycles taken from SCALE-Sim's float trace matrices as floats (`1.0`),
/// ratios as shortest round-trip floats (`PythonFloatText`).
public enum ScaleSimReports {
    public static let computeFileName = "COMPUTE_REPORT.csv"
    public static let bandwidthFileName = "BANDWIDTH_REPORT.csv"
    public static let detailFileName = "DETAILED_ACCESS_REPORT.csv"
    static let fileNames = [computeFileName, bandwidthFileName, detailFileName]

    /// The three files for per-layer `.scaleSim` results (each must carry its `scaleSimTimeline`).
    public static func files(_ results: [SystolicLayerResult]) -> [PeerReportFile] {
        [PeerReportFile(name: computeFileName, contents: computeReport(results)),
         PeerReportFile(name: bandwidthFileName, contents: bandwidthReport(results)),
         PeerReportFile(name: detailFileName, contents: detailReport(results))]
    }

    /// Sparsity support off (Arcade has none), so no metadata column and no SPARSE_REPORT.csv.
    static func computeReport(_ results: [SystolicLayerResult]) -> String {
        table(header: "LayerID, Total Cycles (incl. prefetch), Total Cycles, Stall Cycles, Overall Util %, "
                  + "Mapping Efficiency %, Compute Util %,", results) { layer, timeline in
            [String(timeline.cyclesIncludingPrefetch), String(layer.cycles), String(layer.stallCycles),
             float(layer.overallUtilization), float(layer.mappingEfficiency), float(layer.computeUtilization)]
        }
    }

    /// SRAM bandwidth = accesses / Total Cycles; DRAM = accesses / (stop − start + 1).
    static func bandwidthReport(_ results: [SystolicLayerResult]) -> String {
        table(header: "LayerID, Avg IFMAP SRAM BW, Avg FILTER SRAM BW, Avg OFMAP SRAM BW, "
                  + "Avg IFMAP DRAM BW, Avg FILTER DRAM BW, Avg OFMAP DRAM BW,", results) { layer, timeline in
            let cycles = Double(layer.cycles)
            func dram(_ accesses: Int, _ span: ScaleSimTimeline.Span) -> String {
                float(Double(accesses) / Double(span.stop - span.start + 1))
            }
            return [float(Double(layer.sramReadsIfmap) / cycles), float(Double(layer.sramReadsFilter) / cycles),
                    float(Double(layer.sramWritesOfmap) / cycles),
                    dram(layer.dramReadsIfmap, timeline.ifmapDRAM), dram(layer.dramReadsFilter, timeline.filterDRAM),
                    dram(layer.dramWritesOfmap, timeline.ofmapDRAM)]
        }
    }

    static func detailReport(_ results: [SystolicLayerResult]) -> String {
        var header = "LayerID, "
        for (memory, operands) in [("SRAM", ["IFMAP", "Filter", "OFMAP"]), ("DRAM", ["IFMAP", "Filter", "OFMAP"])] {
            for (operand, access) in zip(operands, ["Reads", "Reads", "Writes"]) {
                header += "\(memory) \(operand) Start Cycle, \(memory) \(operand) Stop Cycle, \(memory) \(operand) \(access), "
            }
        }
        header.removeLast(2)
        return table(header: header + ",", results) { layer, timeline in
            func span(_ span: ScaleSimTimeline.Span, _ accesses: Int) -> [String] {
                [float(Double(span.start)), float(Double(span.stop)), String(accesses)]
            }
            return span(timeline.ifmapSRAM, layer.sramReadsIfmap) + span(timeline.filterSRAM, layer.sramReadsFilter)
                + span(timeline.ofmapSRAM, layer.sramWritesOfmap) + span(timeline.ifmapDRAM, layer.dramReadsIfmap)
                + span(timeline.filterDRAM, layer.dramReadsFilter) + span(timeline.ofmapDRAM, layer.dramWritesOfmap)
        }
    }

    private static func table(header: String, _ results: [SystolicLayerResult],
                              row: (SystolicLayerResult, ScaleSimTimeline) -> [String]) -> String {
        var text = header + "\n"
        for (id, layer) in results.enumerated() {
            guard let timeline = layer.scaleSimTimeline else {
                preconditionFailure("SCALE-Sim reports need --compat scalesim results ('\(layer.name)' has no timeline)")
            }
            text += ([String(id)] + row(layer, timeline)).joined(separator: ", ") + ",\n"
        }
        return text
    }

    private static func float(_ value: Double) -> String { PythonFloatText.repr(value) }
}
