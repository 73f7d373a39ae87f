/// One fold of an output-stationary (OS) array, simulated register by register.
///
/// Each PE(i, j) owns an accumulator for output (i, j) of the fold and two pipeline registers: the
/// word moving right (an ifmap element) and the word moving down (a filter element). Every cycle a
/// PE takes what its left and upper neighbours latched on the previous cycle (or what the edge
/// drives, for column 0 and row 0), multiplies the two into its accumulator and latches both for
/// its right and lower neighbours.
///
/// Edge schedule (the skew buffers in front of the array): row i of the left tile starts i cycles
/// late and column j of the top tile j cycles late, so step t of both meets at PE(i, j) in cycle
/// t + i + j (0-based). Nothing here uses the closed form: the fold ends when the array has
/// drained, and its length is the cycle of the last MAC, as observed.
///
/// Output drain is not simulated: like SCALE-Sim (`systolic_compute_os.py`) we assume the finished
/// accumulators shift out while the next fold is already streaming (a second accumulator bank), so
/// they cost no cycles. For the *last* fold a real array would still need up to R cycles to drain;
/// SCALE-Sim does not count them and neither does this reference.
///
/// - Complexity: O((T + R + C) · R · C) time for T steps on an R×C array.
struct OutputStationaryFold {
    /// left[i, t]: the word entering PE row i at step t (rows × steps), zeros for padded rows.
    let left: PEGrid<PEWord>
    /// top[t, j]: the word entering PE column j at step t (steps × columns), zeros for padded columns.
    let top: PEGrid<PEWord>

    var rows: Int { left.rows }
    var columns: Int { top.columns }
    var steps: Int { left.columns }

    struct Result {
        /// accumulators[i, j] = Σ_t left[i, t] · top[t, j] (padding PEs accumulate zeros).
        var accumulators: PEGrid<Int64>
        /// Cycles from the first injection to the last MAC, inclusive.
        var cycles: Int
        /// MACs whose operands are both real (not padding).
        var realMACs: Int
    }

    init(left: PEGrid<PEWord>, top: PEGrid<PEWord>) {
        precondition(left.columns == top.rows, "left tile has \(left.columns) steps, top tile \(top.rows)")
        self.left = left
        self.top = top
    }

    /// The word the left edge drives into row `row` in `cycle`: row `row` is delayed by `row` cycles.
    private func leftEdge(row: Int, cycle: Int) -> PEWord? {
        let step = cycle - row
        return (0..<steps).contains(step) ? left[row, step] : nil
    }

    /// The word the top edge drives into column `column` in `cycle`, delayed by `column` cycles.
    private func topEdge(column: Int, cycle: Int) -> PEWord? {
        let step = cycle - column
        return (0..<steps).contains(step) ? top[step, column] : nil
    }

    func run() -> Result {
        // Latched at the end of each cycle; read by the neighbours in the next one.
        var horizontal = PEGrid<PEWord?>(rows: rows, columns: columns, repeating: nil)
        var vertical = horizontal
        var accumulators = PEGrid<Int64>(rows: rows, columns: columns, repeating: 0)
        var realMACs = 0
        var lastMACCycle = -1
        // After this cycle the edges drive nothing more (largest skew plus the last step); once the
        // array is also empty the fold is over.
        let lastInjectionCycle = steps - 1 + max(rows - 1, columns - 1)

        var cycle = 0
        while true {
            var nextHorizontal = horizontal
            var nextVertical = vertical
            var anyWordMoved = false
            for i in 0..<rows {
                for j in 0..<columns {
                    let fromLeft = j == 0 ? leftEdge(row: i, cycle: cycle) : horizontal[i, j - 1]
                    let fromAbove = i == 0 ? topEdge(column: j, cycle: cycle) : vertical[i - 1, j]
                    nextHorizontal[i, j] = fromLeft
                    nextVertical[i, j] = fromAbove
                    switch (fromLeft, fromAbove) {
                    case let (a?, b?):
                        precondition(a.step == b.step,
                                     "PE(\(i), \(j)) cycle \(cycle): step \(a.step) from the left met step \(b.step) from above")
                        accumulators[i, j] += a.value * b.value
                        if !a.isPadding && !b.isPadding { realMACs += 1 }
                        lastMACCycle = cycle
                        anyWordMoved = true
                    case (nil, nil):
                        break
                    default:
                        preconditionFailure("PE(\(i), \(j)) cycle \(cycle): one operand arrived without the other")
                    }
                }
            }
            horizontal = nextHorizontal
            vertical = nextVertical
            if !anyWordMoved && cycle >= lastInjectionCycle { break }
            cycle += 1
        }
        return Result(accumulators: accumulators, cycles: lastMACCycle + 1, realMACs: realMACs)
    }
}
