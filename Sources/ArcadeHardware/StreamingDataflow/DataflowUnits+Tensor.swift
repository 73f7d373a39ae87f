import ArcadeKernel
import Foundation

/// Streams the rows of one input tensor (heads × N rows of D values): for each head, `passes`
/// passes over its N rows. Tokens point into the tensor itself, so nothing is copied.
final class SourceUnit: DataflowUnit {
    let sequenceLength: Int
    let passes: Int

    init(graph: DataflowGraph.Unit, tensor: VectorRows, sequenceLength: Int, format: NumberFormat, period: Picoseconds) {
        self.sequenceLength = sequenceLength
        passes = graph.passes
        super.init(graph: graph, width: tensor.width, format: format, period: period)
        outputRows = tensor
    }

    override func fire() {
        let perHead = sequenceLength * passes
        let head = fired / perHead
        produced[0].row = Int32(head * sequenceLength + (fired % perHead) % sequenceLength)
    }
}

/// Takes every token: scalars into `scalars`, vector rows into `rows` (the graph's output).
final class SinkUnit: DataflowUnit {
    var scalars: [Float] = []
    var rows: VectorRows?

    init(graph: DataflowGraph.Unit, width: Int, vector: Bool, format: NumberFormat, period: Picoseconds) {
        super.init(graph: graph, width: width, format: format, period: period)
        if vector { rows = VectorRows(rows: max(1, graph.firings), width: width) } else { scalars.reserveCapacity(graph.firings) }
    }

    override func fire() {
        if let rows {
            rows.row(fired).update(from: inputRow(0), count: width)
        } else {
            scalars.append(held[0].value)
        }
    }
}

/// s = q·k (× 1/√D): q is taken once per row and kept; the D products are summed in FP32.
final class DotProductUnit: DataflowUnit {
    let scale: Float

    override init(graph: DataflowGraph.Unit, width: Int, format: NumberFormat, period: Picoseconds) {
        scale = graph.template.scale ? 1 / Float(width).squareRoot() : 1
        super.init(graph: graph, width: width, format: format, period: period)
    }

    override func fire() {
        let q = inputRow(0), k = inputRow(1)
        var sum: Float = 0
        for index in 0..<width { sum += q[index] * k[index] }
        produced[0].value = format.round(sum * scale)
    }
}

/// o = Σ p·v over a row (one row of P·V); emits o at the row's end into its output ring.
final class OuterProductUnit: DataflowUnit {
    let accumulator: VectorRows

    override init(graph: DataflowGraph.Unit, width: Int, format: NumberFormat, period: Picoseconds) {
        accumulator = VectorRows(rows: 1, width: width)
        super.init(graph: graph, width: width, format: format, period: period)
    }

    override func fire() {
        let o = accumulator.row(0), v = inputRow(1)
        let p = held[0].value
        if position == 0 {
            for index in 0..<width { o[index] = format.round(p * v[index]) }
        } else {
            for index in 0..<width { o[index] = format.round(o[index] + format.round(p * v[index])) }
        }
        if position == length - 1 {
            let row = claimOutputRow()
            outputRows!.row(Int(row)).update(from: o, count: width)
            produced[0].row = row
        }
    }
}

/// o = o·δ + c·v over a row (the running output of online softmax); emits o at the row's end.
final class RunningOutputUnit: DataflowUnit {
    let accumulator: VectorRows

    override init(graph: DataflowGraph.Unit, width: Int, format: NumberFormat, period: Picoseconds) {
        accumulator = VectorRows(rows: 1, width: width)
        super.init(graph: graph, width: width, format: format, period: period)
    }

    override func fire() {
        let o = accumulator.row(0), v = inputRow(2)
        let delta = held[0].value, c = held[1].value
        if position == 0 {
            for index in 0..<width { o[index] = format.round(c * v[index]) }
        } else {
            for index in 0..<width { o[index] = format.round(format.round(o[index] * delta) + format.round(c * v[index])) }
        }
        if position == length - 1 {
            let row = claimOutputRow()
            outputRows!.row(Int(row)).update(from: o, count: width)
            produced[0].row = row
        }
    }
}

/// Stores `rows` vectors, then replays them `passes` times (an SRAM scratchpad such as a
/// SambaNova PMU holding a head's K or V). Reading a row costs ⌈⌈D / banks⌉ / ports⌉ cycles: the
/// D words of a row are interleaved over the banks, and a bank serves `ports` words per cycle.
final class ScratchpadUnit: DataflowUnit {
    let storage: VectorRows
    let writeInterval: Picoseconds
    let readInterval: Picoseconds
    let conflictCyclesPerRead: Int
    let reads: Int

    override init(graph: DataflowGraph.Unit, width: Int, format: NumberFormat, period: Picoseconds) {
        storage = VectorRows(rows: graph.rows, width: width)
        writeInterval = Picoseconds(graph.intervalCycles) * period
        readInterval = Picoseconds(graph.effectiveIntervalCycles) * period
        conflictCyclesPerRead = graph.effectiveIntervalCycles - graph.intervalCycles
        reads = graph.firings / (1 + graph.passes) * graph.passes
        super.init(graph: graph, width: width, format: format, period: period)
    }

    override func fire() {
        interval = position < fillRows ? writeInterval : readInterval
        if position < fillRows {
            storage.row(position).update(from: inputRow(0), count: width)
        } else {
            let row = claimOutputRow()
            outputRows!.row(Int(row)).update(from: storage.row((position - fillRows) % fillRows), count: width)
            produced[0].row = row
        }
    }

    var bankConflictCycles: Int { conflictCyclesPerRead * reads }
}
