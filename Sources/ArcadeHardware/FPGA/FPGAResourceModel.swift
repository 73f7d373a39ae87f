import ArcadeCore

/// What an engine takes on its device: one row per hardware unit (and the SLR it is placed in), the
/// totals, and the totals per SLR.
struct FPGAResourceEstimate: Equatable {
    struct Row: Equatable {
        var unit: String
        var slr: Int
        var resources: FPGAResources
    }

    var rows: [Row]
    var slrs: Int

    var total: FPGAResources { rows.reduce(FPGAResources()) { $0 + $1.resources } }
    var perSLR: [FPGAResources] {
        var sums = Array(repeating: FPGAResources(), count: slrs)
        for row in rows { sums[row.slr] = sums[row.slr] + row.resources }
        return sums
    }

    /// Throws naming the first resource the design needs more of than the device offers: in all,
    /// then per SLR (a unit is placed whole in one SLR).
    func checkFits(_ device: FPGADevice, file: String) throws {
        let available = device.available, total = total
        let reserve = device.shellReservePercent
        for kind in FPGAResources.Kind.allCases where total[kind] > available[kind] {
            throw InputError.designLimit(file: file, field: "resources.\(kind.rawValue)",
                             "the design needs \(NumberText.integer(total[kind])) \(kind.label), more than the "
                             + "\(NumberText.integer(available[kind])) available on \(device.name) "
                             + "(\(NumberText.integer(device.resources[kind])) less the \(NumberText.real(reserve))% shell reserve)")
        }
        let perSLR = device.availablePerSLR
        for (slr, used) in self.perSLR.enumerated() {
            for kind in FPGAResources.Kind.allCases where used[kind] > perSLR[kind] {
                throw InputError.designLimit(file: file, field: "resources.slr\(slr).\(kind.rawValue)",
                                 "SLR\(slr) needs \(NumberText.integer(used[kind])) \(kind.label), more than the "
                                 + "\(NumberText.integer(perSLR[kind])) available per SLR on \(device.name) "
                                 + "(\(NumberText.integer(device.perSLR[kind])) less the \(NumberText.real(reserve))% shell reserve); "
                                 + "fewer parallel lanes or PEs would fit")
            }
        }
    }
}

/// The resource model: DSPs per MAC by data type (`FPGADataType`), block RAM per buffer by width
/// and depth rounded to whole blocks (`FPGAMemoryBlocks`), registers for the stationary queries
/// and accumulators, LUT/FF per MAC lane, exp unit, divider and AXI master. Lanes and PE arrays
/// are placed round-robin over the SLRs, each whole in one.
enum FPGAResourceModel {
    /// A Vitis HLS m_axi master with its burst buffers: LUTs, FFs, BRAM18 (estimate from HLS reports).
    static let axiMaster = FPGAResources(luts: 1_500, ffs: 2_500, bram18: 2)
    /// Fixed control per kernel (the s_axilite block and the FSMs).
    static let kernelControl = FPGAResources(luts: 2_000, ffs: 3_000)
    /// Buffers of at most this many bits per bank go to LUTRAM (64 bits per LUT), as HLS maps small arrays.
    static let lutramBits = 1_024

    static func estimate(_ architecture: FPGAArchitecture, workload: FPGAWorkload) throws -> FPGAResourceEstimate {
        let device = architecture.device, type = architecture.dataType
        var rows: [FPGAResourceEstimate.Row] = []
        var slr = 0
        func place() -> Int { defer { slr = (slr + 1) % device.slrs }; return slr }

        let kernel = architecture.attention
        let bits = type.activationBytes * 8, d = workload.headDim, v = kernel.vectorWidth
        let steps = (d + v - 1) / v
        let main = FPGAAttentionPlan.main(workload, kernel: kernel)
        let lanes = min(kernel.lanes, workload.heads)
        for lane in 0..<lanes {
            let macs = kernel.pes * v * 2
            let exp = type.expUnit, divider = type.divider
            var lane_ = FPGAResources(luts: macs * type.lutsPerMAC + kernel.pes * exp.luts + v * divider.luts,
                                      ffs: macs * type.ffsPerMAC + kernel.pes * exp.ffs + v * divider.ffs
                                          + kernel.pes * d * (bits + 32),                 // stationary queries + accumulators
                                      dsps: type.dsps(macs: macs) + kernel.pes * exp.dsps)
            let kvDepth: Int
            switch main.reuse {
            case .buffer: kvDepth = main.bufferCapacityRows * steps
            case .stream: kvDepth = 2 * main.tileRows * steps
            }
            lane_ = lane_ + buffer(storage: kernel.bufferStorage, banks: 2, widthBits: v * bits, depth: kvDepth)
            lane_ = lane_ + axiMaster * 4
            rows.append(.init(unit: "attention lane \(lane)", slr: place(), resources: lane_))
        }
        if let linear = architecture.linear {
            let tile = linear.tile
            let (tokens, inputs) = maxLinearShape(workload)
            for pe in 0..<linear.pes {
                let macs = tile * tile
                var array = FPGAResources(luts: macs * type.lutsPerMAC, ffs: macs * type.ffsPerMAC + 2 * macs * type.weightBytes * 8,
                                          dsps: type.dsps(macs: macs))
                array = array + buffer(storage: .bram, banks: 1, widthBits: tile * 32, depth: tokens)       // accumulators
                rows.append(.init(unit: "linear PE array \(pe)", slr: place(), resources: array))
            }
            let activations = buffer(storage: linear.bufferStorage, banks: 1, widthBits: tile * type.activationBytes * 8,
                                     depth: tokens * ((inputs + tile - 1) / tile))
            rows.append(.init(unit: "linear activation buffer", slr: 0, resources: activations + axiMaster * 3))
        }
        rows.append(.init(unit: "kernel control", slr: 0, resources: kernelControl))
        return FPGAResourceEstimate(rows: rows, slrs: device.slrs)
    }

    /// A buffer's blocks, or LUTRAM when it is small.
    static func buffer(storage: FPGABufferStorage, banks: Int, widthBits: Int, depth: Int) -> FPGAResources {
        if widthBits * depth <= lutramBits { return FPGAResources(luts: banks * ((widthBits * depth + 63) / 64)) }
        return FPGAMemoryBlocks.resources(storage: storage, banks: banks, widthBits: widthBits, depth: depth)
    }

    /// The most tokens and the widest input of any linear layer of the workload.
    static func maxLinearShape(_ workload: FPGAWorkload) -> (tokens: Int, inputs: Int) {
        let d = workload.modelDim ?? workload.heads * workload.headDim
        var inputs = d
        if let hidden = workload.mlpHidden { inputs = max(inputs, hidden) }
        if let moe = workload.moe { inputs = max(inputs, moe.hidden) }
        return (workload.sequenceLength, inputs)
    }
}
