/// Turns a PIM kernel (a GEMV, an element-wise op) into the access stream of one channel: the
/// mapping of rows and tiles onto banks and the protocol that drives the units.
///
/// Mapping (PIMSimulator src/tests/PIMKernel.cpp:363-469, generalised): every unit of every channel
/// accumulates `grfB` output rows at a time; an output tile is units × channels × grfB rows.
/// The input vector is cut into bursts of `lanes` elements, `grfA` bursts per input tile, written
/// into every unit's input registers at once (a broadcast per channel). Per input tile a unit does
/// grfA × grfB MAC steps, each on one burst of weights from its bank; the weights of a tile lie in
/// consecutive columns, wrapping into the next row. With two banks per unit (HBM-PIM) even input
/// tiles come from the even bank and odd tiles from the odd bank.
///
/// Protocols:
/// - `hbmPIM` (Samsung HBM-PIM as PIMSimulator drives it): park every bank (a read of row 4096),
///   SB → HAB (writes to row 0x17ff of banks 0, 1, 8, 9), the program written into the CRF (row
///   0x3fff columns 4…), HAB → HAB_PIM (row 0x3fff column 0), the kernel, and back: HAB_PIM → HAB,
///   HAB → SB (row 0x1fff of banks 0, 1), park out. Inputs go to GRF_A by writes to row 0x3fff
///   columns 8… of bank 1. PIM commands are reads and writes to banks 0 and 1 of bank group 0.
/// - `allBank` (AiM / PIM-GPT style, one unit per bank): no mode switching; inputs go to the
///   channel's global buffer (a write that opens no row); MAC commands to bank 0 step every unit.
struct PIMKernelBuilder {
    enum PIMProtocol: String, CaseIterable, Sendable { case hbmPIM = "hbm-pim", allBank = "all-bank" }

    let pim: PIMUnitConfig
    let organization: DRAMOrganization
    /// Burst columns per row.
    var burstsPerRow: Int { organization.accessesPerRow }
    var banks: Int { organization.banksPerRank }

    /// HBM-PIM's reserved rows (PIMSimulator src/tests/PIMKernel.cpp, src/PIMRank.cpp:68-115).
    static let parkRow = 1 << 12, habRow = 0x17ff, sbRow = 0x1fff, configRow = 0x3fff
    /// Where `allBank` inputs go: the global buffer, no bank row (bank -1 is never opened).
    static let bufferBank = -1

    // MARK: GEMV

    /// Output and input tiles of an `outputs × inputs` GEMV over `channels` channels.
    func gemvTiles(outputs: Int, inputs: Int, channels: Int) -> (output: Int, input: Int) {
        let rowsPerTile = pim.unitsPerChannel(organization) * channels * pim.grfB
        let bursts = (inputs + pim.lanes - 1) / pim.lanes
        return ((outputs + rowsPerTile - 1) / rowsPerTile, (bursts + pim.grfA - 1) / pim.grfA)
    }

    /// The GEMV as the units run it: when the outputs fill less than one output tile, the inputs are
    /// cut into `split` slices, each slice's rows on their own units (PIM-GPT's point: every unit busy),
    /// and the host adds the `split` partial results. `split` is at most what fills one tile and at
    /// most the input tiles; 1 when disabled or when the rows fill a tile (PIMSimulator's 4096 rows
    /// on 512 units × 8 do).
    func splitShape(outputs: Int, inputs: Int, channels: Int, enabled: Bool) -> (outputs: Int, inputs: Int, split: Int) {
        guard enabled else { return (outputs, inputs, 1) }
        let rowsPerTile = pim.unitsPerChannel(organization) * channels * pim.grfB
        let inputTiles = gemvTiles(outputs: outputs, inputs: inputs, channels: channels).input
        let split = max(1, min(rowsPerTile / max(outputs, 1), inputTiles))
        let slice = (inputs + split - 1) / split
        return (outputs * split, slice, split)
    }

    /// Input tiles per bank parity (HBM-PIM splits them between the even and the odd bank).
    func parities() -> Int { pim.banksPerUnit == 2 ? 2 : 1 }

    /// Rows per bank a GEMV's weights and results occupy.
    func rowsPerBank(outputs: Int, inputs: Int, channels: Int, batch: Int) -> Int {
        let tiles = gemvTiles(outputs: outputs, inputs: inputs, channels: channels)
        let bursts = tiles.output * ((tiles.input + parities() - 1) / parities()) * pim.grfA * pim.grfB
            + tiles.output * batch * pim.grfB
        return (bursts + burstsPerRow - 1) / burstsPerRow
    }

    /// One channel's accesses for a GEMV (every channel runs the same stream on its own rows), its
    /// weights from row `baseRow` on. `distinctInputs`: input vectors each input tile loads (one per
    /// head a channel serves, for attention). Per output tile and batch vector, as PIMSimulator's
    /// executeGemv: HAB → HAB_PIM, the even input tiles, the odd ones, the write-back, HAB_PIM → HAB.
    func gemv(outputs: Int, inputs: Int, channels: Int, readResults: Bool, baseRow: Int = 0, distinctInputs: Int = 1,
              batch: Int = 1) -> [PIMAccess] {
        let tiles = gemvTiles(outputs: outputs, inputs: inputs, channels: channels)
        let parityCount = parities()
        let tilesPerParity = (tiles.input + parityCount - 1) / parityCount
        let resultBank = parityCount == 2 ? 1 : 0
        var stream: [PIMAccess] = []
        stream.reserveCapacity(tiles.output * batch * (tiles.input * (pim.grfA * (pim.grfB + distinctInputs)) + 3 * pim.grfB + 2) + 64)
        if pim.protocolKind == .hbmPIM { enterPIM(&stream, programLength: 6) }
        func place(_ column: Int) -> (row: Int, column: Int) { (baseRow + column / burstsPerRow, column % burstsPerRow) }
        var readBack: [PIMAccess] = []
        for outputTile in 0..<tiles.output {
            for vector in 0..<batch {
                if pim.protocolKind == .hbmPIM { modeSwitch(&stream) }
                for parity in 0..<parityCount {
                    for inputTile in stride(from: parity, to: tiles.input, by: parityCount) {
                        for _ in 0..<distinctInputs { loadInput(&stream) }
                        // Weights of (outputTile, inputTile) in this parity's bank: grfA·grfB bursts,
                        // after those of the earlier tiles (PIMKernel.cpp:461).
                        var column = pim.grfA * pim.grfB * (inputTile / parityCount + outputTile * tilesPerParity)
                        let banks = commandBanks(parity: parity)
                        for _ in 0..<pim.grfA {
                            for k in 0..<pim.grfB {
                                let at = place(column)
                                for (index, bank) in banks.enumerated() {
                                    append(&stream, bank: bank, row: at.row, column: at.column, write: false, op: .mac,
                                           barrier: k == pim.grfB - 1 && index == banks.count - 1)
                                }
                                column += 1
                            }
                        }
                    }
                }
                // Results written back into the odd bank (GRFB_TO_BANK, PIMKernel.cpp:434), after the weights.
                let resultBase = tiles.output * tilesPerParity * pim.grfA * pim.grfB + (outputTile * batch + vector) * pim.grfB
                let resultBanks = commandBanks(parity: resultBank)
                for k in 0..<pim.grfB {
                    let at = place(resultBase + k)
                    for (index, bank) in resultBanks.enumerated() {
                        append(&stream, bank: bank, row: at.row, column: at.column, write: true, op: .writeBack,
                               barrier: k == pim.grfB - 1 && index == resultBanks.count - 1)
                    }
                }
                if pim.protocolKind == .hbmPIM { modeSwitch(&stream) }
                if readResults {
                    // Every unit's grfB results back to the host: a burst per output row when the host
                    // reduces the lanes' partial sums, else the packed sums. HBM-PIM reads them in
                    // single-bank mode, after the kernel (all-bank mode takes ACTs to banks 0/1 only).
                    let bursts = pim.reducesLanes ? max(1, pim.grfB * pim.accumulatorBytes / organization.accessBytes) : pim.grfB
                    for unit in 0..<pim.unitsPerChannel(organization) {
                        for k in 0..<bursts {
                            let at = place(resultBase + k)
                            readBack.append(PIMAccess(bank: unit * pim.banksPerUnit + resultBank, row: at.row, column: at.column,
                                                      isWrite: false, op: .readBack))
                        }
                    }
                    readBack[readBack.count - 1].barrier = true
                    if pim.protocolKind != .hbmPIM {
                        stream += readBack
                        readBack.removeAll()
                    }
                }
            }
        }
        if pim.protocolKind == .hbmPIM { leavePIM(&stream) }
        return stream + readBack
    }

    /// The banks the compute commands of one step go to: the parity's bank for all-bank commands
    /// (it stands for every unit), the first bank of each bank group for bank-group commands, every
    /// bank for single-bank ones — bank groups innermost, so consecutive commands change bank group
    /// (tCCD_S apart rather than tCCD_L).
    func commandBanks(parity: Int) -> [Int] {
        let groups = organization.bankGroups, perGroup = organization.banksPerGroup
        switch pim.scope {
        case .allBank: return [parity]
        case .bankGroup: return (0..<groups).map { $0 * perGroup + parity }
        case .singleBank:
            return stride(from: parity, to: perGroup, by: pim.banksPerUnit).flatMap { bank in (0..<groups).map { $0 * perGroup + bank } }
        }
    }

    /// HAB ↔ HAB_PIM: a write to row 0x3fff column 0 of bank 0 carrying the mode bits (setCrf).
    func modeSwitch(_ stream: inout [PIMAccess]) {
        append(&stream, bank: 0, row: Self.configRow, column: 0, write: true, op: .control, barrier: true)
    }

    // MARK: Element-wise

    /// One channel's accesses for an element-wise op over `elements` (ADD/MUL: two inputs; ReLU: one),
    /// with PIMSimulator's fixed rows for the operands (src/tests/PIMBenchTestCases.h:159-161).
    func elementwise(_ kind: PIMElementwiseKind, elements: Int, channels: Int) -> [PIMAccess] {
        let bursts = (elements + pim.lanes - 1) / pim.lanes
        let perTile = banks * channels * pim.grf
        let tiles = max(1, (bursts + perTile - 1) / perTile)
        var stream: [PIMAccess] = []
        if pim.protocolKind == .hbmPIM {
            enterPIM(&stream, programLength: kind == .relu ? 6 : 8)
            modeSwitch(&stream)
        }
        for tile in 0..<tiles {
            let column0 = pim.grf * tile
            for parity in 0..<parities() {
                let banks = commandBanks(parity: parity)
                func group(row: Int, write: Bool, op: PIMOp) {
                    for k in 0..<pim.grf {
                        let column = column0 + k
                        for (index, bank) in banks.enumerated() {
                            append(&stream, bank: bank, row: row + column / burstsPerRow, column: column % burstsPerRow,
                                   write: write, op: op, barrier: k == pim.grf - 1 && index == banks.count - 1)
                        }
                    }
                }
                group(row: 0, write: false, op: .fill)
                if kind != .relu { group(row: 128, write: false, op: .elementwise) }
                group(row: 256, write: true, op: .writeBack)
            }
        }
        if pim.protocolKind == .hbmPIM {
            modeSwitch(&stream)
            leavePIM(&stream)
        }
        return stream
    }

    // MARK: Protocol pieces

    func append(_ stream: inout [PIMAccess], bank: Int, row: Int, column: Int, write: Bool, op: PIMOp, barrier: Bool) {
        stream.append(PIMAccess(bank: bank, row: row, column: column, isWrite: write, op: op, barrier: barrier))
    }

    /// The input tile into the units: grfA bursts (HBM-PIM: GRF_A by writes to bank 1 row 0x3fff
    /// columns 8…, PIMKernel.cpp:451-459; all-bank: the global buffer).
    func loadInput(_ stream: inout [PIMAccess]) {
        for k in 0..<pim.grfA {
            if pim.protocolKind == .hbmPIM {
                append(&stream, bank: 1, row: Self.configRow, column: 8 + k, write: true, op: .loadInput, barrier: k == pim.grfA - 1)
            } else {
                append(&stream, bank: Self.bufferBank, row: 0, column: k, write: true, op: .loadInput, barrier: k == pim.grfA - 1)
            }
        }
    }

    /// Park in, SB → HAB, program the CRF (`programLength` 32-bit instructions, 8 per burst).
    func enterPIM(_ stream: inout [PIMAccess], programLength: Int) {
        park(&stream)
        for (group, bank) in [(0, 0), (0, 1), (2, 0), (2, 1)] {
            append(&stream, bank: group * organization.banksPerGroup + bank, row: Self.habRow, column: 0x1f, write: true,
                   op: .control, barrier: group == 2 && bank == 1)
        }
        stream[stream.count - 1].mode = .entersAllBank
        let bursts = (programLength + 7) / 8
        for i in 0..<bursts {
            append(&stream, bank: 1, row: Self.configRow, column: 4 + i, write: true, op: .control, barrier: i == bursts - 1)
        }
    }

    /// HAB → SB, park out.
    func leavePIM(_ stream: inout [PIMAccess]) {
        append(&stream, bank: 0, row: Self.sbRow, column: 0x1f, write: true, op: .control, barrier: false)
        append(&stream, bank: 1, row: Self.sbRow, column: 0x1f, write: true, op: .control, barrier: true)
        stream[stream.count - 1].mode = .leavesAllBank
        park(&stream)
    }

    /// A read of the park row in every bank, bank groups innermost (PIMKernel.cpp:34-59).
    func park(_ stream: inout [PIMAccess]) {
        for bank in 0..<organization.banksPerGroup {
            for group in 0..<organization.bankGroups {
                append(&stream, bank: group * organization.banksPerGroup + bank, row: Self.parkRow, column: 0, write: false,
                       op: .control, barrier: false)
            }
        }
        stream[stream.count - 1].barrier = true
    }
}

/// The element-wise kernels PIMSimulator benchmarks.
public enum PIMElementwiseKind: String, CaseIterable, Sendable { case add, mul, relu }
