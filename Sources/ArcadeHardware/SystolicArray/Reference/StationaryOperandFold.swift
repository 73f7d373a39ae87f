/// One fold of a weight- or input-stationary (WS/IS) array, simulated register by register.
///
/// Both dataflows are the same machine with the operands swapped: PE(i, j) holds one stationary
/// word S[i, j] (a filter element for WS, an ifmap element for IS); a streaming word X[t, i] enters
/// row i from the left and moves right; partial sums move down the columns, so the word leaving
/// the bottom of column j in step t is Y[t, j] = Σ_i X[t, i] · S[i, j].
///
/// Two phases, as in SCALE-Sim (`systolic_compute_ws.py` / `_is.py`):
/// 1. Load. The stationary registers of each column form a shift chain fed from the top, one word
///    per cycle; the word for the bottom row goes in first, so the chain is full and every PE holds
///    its own word after one shift per stage. Loading is not overlapped with streaming: SCALE-Sim
///    charges it to every fold (a double-buffered weight chain, as in the TPU, would hide it).
/// 2. Stream. Row i starts i cycles after row 0 (the skew buffers), so X[t, i] reaches PE(i, j)
///    in the same cycle as the partial sum of step t coming down from PE(i − 1, j). The top row
///    starts every sum from zero.
///
/// The fold ends when the last partial sum leaves the bottom row; its length (load included) is
/// observed, not computed from the closed form.
///
/// - Complexity: O((2R + C + T) · R · C) time for T steps on an R×C array.
struct StationaryOperandFold {
    /// stationary[i, j]: the word PE(i, j) keeps for the whole fold (rows × columns).
    let stationary: PEGrid<PEWord>
    /// streaming[t, i]: the word entering PE row i at step t (steps × rows).
    let streaming: PEGrid<PEWord>

    var rows: Int { stationary.rows }
    var columns: Int { stationary.columns }
    var steps: Int { streaming.rows }

    struct Result {
        /// outputs[t, j]: the partial sum that left the bottom of column j for step t (steps × columns).
        var outputs: PEGrid<Int64>
        /// Cycles from the first load shift to the last partial sum leaving the array, inclusive.
        var cycles: Int
        /// MACs whose operands are both real (not padding).
        var realMACs: Int
    }

    init(stationary: PEGrid<PEWord>, streaming: PEGrid<PEWord>) {
        precondition(streaming.columns == stationary.rows,
                     "streaming tile feeds \(streaming.columns) rows, stationary tile has \(stationary.rows)")
        self.stationary = stationary
        self.streaming = streaming
    }

    func run() -> Result {
        var cycle = 0
        let held = load(cycle: &cycle)
        return stream(held: held, startCycle: cycle)
    }

    /// Shifts the stationary tile down the columns until every chain is full; advances `cycle` by
    /// one per shift and returns what each PE holds.
    private func load(cycle: inout Int) -> PEGrid<PEWord> {
        var chain = PEGrid<PEWord?>(rows: rows, columns: columns, repeating: nil)
        // One word enters each column per cycle and a chain of `rows` stages is full after `rows`
        // words: that count is the depth of the hardware, not the fold formula.
        for wordsLoaded in 0..<rows {
            var next = chain
            for j in 0..<columns {
                next[0, j] = stationary[rows - 1 - wordsLoaded, j]
                for i in 1..<rows { next[i, j] = chain[i - 1, j] }
            }
            chain = next
            cycle += 1
        }
        return PEGrid(rows: rows, columns: columns) { i, j in
            guard let word = chain[i, j], word == stationary[i, j] else {
                preconditionFailure("PE(\(i), \(j)) holds the wrong stationary word after loading")
            }
            return word
        }
    }

    /// Streams the tile through the loaded array from `startCycle` until the last partial sum leaves.
    private func stream(held: PEGrid<PEWord>, startCycle: Int) -> Result {
        var horizontal = PEGrid<PEWord?>(rows: rows, columns: columns, repeating: nil)
        var partialSums = horizontal
        var outputs = PEGrid<Int64>(rows: steps, columns: columns, repeating: 0)
        var realMACs = 0
        var lastExitCycle = startCycle - 1
        let lastInjectionCycle = startCycle + steps - 1 + rows - 1

        var cycle = startCycle
        while true {
            var nextHorizontal = horizontal
            var nextPartialSums = partialSums
            var anyWordMoved = false
            for i in 0..<rows {
                for j in 0..<columns {
                    let fromLeft = j == 0 ? leftEdge(row: i, streamCycle: cycle - startCycle) : horizontal[i, j - 1]
                    // Row 0 has no upper neighbour: the top edge supplies zero, i.e. no incoming sum.
                    let fromAbove = i == 0 ? nil : partialSums[i - 1, j]
                    nextHorizontal[i, j] = fromLeft
                    guard let operand = fromLeft else {
                        precondition(fromAbove == nil, "PE(\(i), \(j)) cycle \(cycle): partial sum arrived without its operand")
                        nextPartialSums[i, j] = nil
                        continue
                    }
                    if i > 0 {
                        precondition(fromAbove?.step == operand.step,
                                     "PE(\(i), \(j)) cycle \(cycle): operand of step \(operand.step) met sum of step \(String(describing: fromAbove?.step))")
                    }
                    let weight = held[i, j]
                    let sum = (fromAbove?.value ?? 0) + operand.value * weight.value
                    if !operand.isPadding && !weight.isPadding { realMACs += 1 }
                    nextPartialSums[i, j] = PEWord(value: sum, step: operand.step, isPadding: false)
                    if i == rows - 1 {
                        // Latched into the bottom register: this is the sum leaving the array.
                        outputs[operand.step, j] = sum
                        lastExitCycle = cycle
                    }
                    anyWordMoved = true
                }
            }
            horizontal = nextHorizontal
            partialSums = nextPartialSums
            if !anyWordMoved && cycle >= lastInjectionCycle { break }
            cycle += 1
        }
        return Result(outputs: outputs, cycles: lastExitCycle + 1, realMACs: realMACs)
    }

    /// The word the left edge drives into row `row`, `streamCycle` cycles into the stream phase.
    private func leftEdge(row: Int, streamCycle: Int) -> PEWord? {
        let step = streamCycle - row
        return (0..<steps).contains(step) ? streaming[step, row] : nil
    }
}
