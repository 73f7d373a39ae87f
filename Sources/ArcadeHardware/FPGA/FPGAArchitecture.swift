import ArcadeCore

/// The attention kernel's knobs: `lanes` (heads in parallel) of `pes` PEs, each PE holding one
/// query row stationary and doing `vectorWidth` MACs per cycle on QKᵀ and as many on S·V (fused,
/// with an online softmax), K/V streamed past the PEs in tiles of `kvTileRows` rows.
public struct FPGAAttentionKernel: Sendable, Equatable {
    public enum KVReuse: String, CaseIterable, Sendable {
        /// Input stationary (SWAT): K/V rows stay in an on-chip window buffer, each read from HBM once per head.
        case buffer
        /// K/V re-read from HBM for every block of query rows (no on-chip reuse beyond the block).
        case stream
    }

    public var lanes: Int
    public var pes: Int
    public var vectorWidth: Int
    public var kvTileRows: Int
    public var kvReuse: KVReuse
    public var bufferStorage: FPGABufferStorage
    public var fifoDepth: Int
    public var outstanding: Int
}

/// UbiMoE's reusable linear kernel: `pes` arrays of `tile` × `tile` MACs, weights streamed from
/// HBM through an AXI port of `axiBits` bits per kernel cycle, activations held on chip.
public struct FPGALinearKernel: Sendable, Equatable {
    public var tile: Int
    public var pes: Int
    public var axiBits: Int
    public var bufferStorage: FPGABufferStorage
    public var outstanding: Int
}

/// A `family: fpga` architecture file: a device, a clock and data type, the engine's kernels.
///
/// ```yaml
/// family: fpga
/// name: swat-u280
/// device: devices/alveo-u280.yaml   # relative to this file
/// clock_mhz: 300
/// data_type: fp16                   # int8 | fixed16 | fixed32x16 | fp16 | fp32
/// attention: {heads_parallel: 4, pes: 16, vector_width: 16, kv_tile_rows: 32, kv_reuse: buffer,
///             buffer_storage: uram, fifo_depth: 4, outstanding: 8}
/// linear: {tile: 16, pes: 3, axi_bits: 256, buffer_storage: uram}   # optional
/// power: {toggle_rate: 0.125}
/// workload_overrides: {sequence_length: 4096, window: 512, attention: dense}   # optional, for sweeps
/// ```
public struct FPGAArchitecture: Sendable {
    public var name: String
    public var device: FPGADevice
    public var devicePath: String
    public var clockMegahertz: Double
    public var dataType: FPGADataType
    public var attention: FPGAAttentionKernel
    public var linear: FPGALinearKernel?
    public var toggleRate: Double
    public var sequenceLengthOverride: Int?
    public var windowOverride: Int?
    /// `dense` runs a windowed workload densely (the baseline on the same engine); `window` keeps
    /// (or, with `window`, gives) a sliding window.
    public var attentionOverride: String?

    static let keys = ["family", "name", "device", "clock_mhz", "data_type", "attention", "linear", "power", "workload_overrides"]

    public var periodPicoseconds: UInt64 { UInt64((1_000_000 / clockMegahertz).rounded()) }

    static func parse(_ document: ConfigSection) throws -> FPGAArchitecture {
        let name = try document.string("name", default: "fpga")
        let deviceText = try document.string("device")
        let devicePath = document.resolvePath(deviceText)
        let device: FPGADevice
        do { device = try FPGADevice.load(path: devicePath) } catch let error as InputError where error.file == devicePath {
            throw error
        }
        let clock = try document.double("clock_mhz", range: 1...2_000)
        guard device.clockRangeMegahertz.contains(clock) else {
            throw document.error("clock_mhz", "\(clock) MHz is outside \(device.name)'s kernel clock range; allowed: "
                                 + "\(device.clockRangeMegahertz.lowerBound)...\(device.clockRangeMegahertz.upperBound)")
        }
        let dataType = FPGADataType(rawValue: try document.choice("data_type", FPGADataType.allCases.map(\.rawValue)))!
        guard let section = try document.section("attention") else {
            throw document.error("attention", "missing: the attention kernel {heads_parallel, pes, vector_width, kv_tile_rows, kv_reuse}")
        }
        let attention = FPGAAttentionKernel(
            lanes: try section.int("heads_parallel", default: 1, range: 1...256),
            pes: try section.int("pes", range: 1...4_096),
            vectorWidth: try section.int("vector_width", range: 1...1_024),
            kvTileRows: try section.int("kv_tile_rows", default: 32, range: 1...65_536),
            kvReuse: .init(rawValue: try section.choice("kv_reuse", FPGAAttentionKernel.KVReuse.allCases.map(\.rawValue), default: "buffer"))!,
            bufferStorage: .init(rawValue: try section.choice("buffer_storage", FPGABufferStorage.allCases.map(\.rawValue), default: "bram"))!,
            fifoDepth: try section.int("fifo_depth", default: 4, range: 1...65_536),
            outstanding: try section.int("outstanding", default: 8, range: 1...1_024))
        try section.finish()
        var linear: FPGALinearKernel?
        if let section = try document.section("linear") {
            linear = FPGALinearKernel(
                tile: try section.int("tile", range: 1...256), pes: try section.int("pes", default: 1, range: 1...64),
                axiBits: try section.choice("axi_bits", ["32", "64", "128", "256", "512"], default: "256").asInt,
                bufferStorage: .init(rawValue: try section.choice("buffer_storage", FPGABufferStorage.allCases.map(\.rawValue), default: "uram"))!,
                outstanding: try section.int("outstanding", default: 8, range: 1...1_024))
            try section.finish()
        }
        var toggle = 0.125
        if let power = try document.section("power") {
            toggle = try power.double("toggle_rate", default: 0.125, range: 0...1)
            try power.finish()
        }
        var sequenceLength: Int?, window: Int?, attentionKind: String?
        if let overrides = try document.section("workload_overrides") {
            if overrides.has("sequence_length") { sequenceLength = try overrides.int("sequence_length", range: 1...FPGAWorkload.sizeLimit) }
            if overrides.has("window") { window = try overrides.int("window", range: 1...FPGAWorkload.sizeLimit) }
            if overrides.has("attention") { attentionKind = try overrides.choice("attention", ["dense", "window"]) }
            try overrides.finish()
        }
        try document.finish(allowedHint: keys)
        return FPGAArchitecture(name: name, device: device, devicePath: deviceText, clockMegahertz: clock, dataType: dataType,
                                attention: attention, linear: linear, toggleRate: toggle, sequenceLengthOverride: sequenceLength,
                                windowOverride: window, attentionOverride: attentionKind)
    }

    /// The workload with this file's overrides applied.
    func resolve(_ workload: FPGAWorkload, file: String) throws -> FPGAWorkload {
        var resolved = workload
        if let n = sequenceLengthOverride { resolved.sequenceLength = n }
        if let w = windowOverride {
            switch resolved.attention {
            case .window(_, let global): resolved.attention = .window(size: w, globalTokens: global)
            case .dense: if attentionOverride == "window" { resolved.attention = .window(size: w, globalTokens: 0) }
            }
        }
        switch (attentionOverride, resolved.attention) {
        case ("dense", _): resolved.attention = .dense
        case ("window", .dense):
            throw InputError(file: file, field: "workload_overrides.attention",
                             "'window' on a dense workload needs 'workload_overrides.window' (the window size in tokens)")
        default: break
        }
        return resolved
    }
}

private extension String {
    var asInt: Int { Int(self)! }
}
