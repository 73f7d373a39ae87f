import ArcadeKernel
import Foundation

/// Streams the rows of one input tensor (heads × N rows of D values): for each head, `passes`
/// passes over its N rows. Tokens point into the tensor itself, so nothing is copied.
final class SourceUnit: DataflowUnit {
    let sequenceLength: Int
    let passes: Int
    // The next row and where it is in its pass and head, counted (two divisions per firing cost
    // more than the rest of a source's firing).
    var rowInPass = 0
    var pass = 0
    var headBase = 0

    init(graph: DataflowGraph.Unit, tensor: VectorRows, sequenceLength: Int, format: NumberFormat, period: Picoseconds) {
        self.sequenceLength = sequenceLength
        passes = graph.passes
        super.init(spec: Spec(graph), width: tensor.width, format: format, period: period)
        outputRows = tensor
    }

    override func fire() {
        produced[0].row = Int32(headBase + rowInPass)
        rowInPass += 1
        if rowInPass == sequenceLength {
            rowInPass = 0
            pass += 1
            if pass == passes {
                pass = 0
                headBase += sequenceLength
            }
        }
    }
}

/// Takes every token: scalars into `scalars`, vector rows into `rows` (the graph's output).
final class SinkUnit: DataflowUnit {
    var scalars: [Float] = []
    var rows: VectorRows?

    init(graph: DataflowGraph.Unit, width: Int, vector: Bool, format: NumberFormat, period: Picoseconds) {
        super.init(spec: Spec(graph), width: width, format: format, period: period)
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

    init(graph: DataflowGraph.Unit, width: Int, format: NumberFormat, period: Picoseconds) {
        scale = graph.template.scale ? 1 / Float(width).squareRoot() : 1
        super.init(spec: Spec(graph), width: width, format: format, period: period)
    }

    override func fire() {
        produced[0].value = format.round(DotProductUnit.dot(inputRow(0), inputRow(1), count: width) * scale)
    }

    /// Σ q·k over `count` values in FP32, summed as an adder tree would: eight lanes, then the
    /// lanes pairwise (so the result does not depend on a sequential order the hardware lacks).
    @inline(__always)
    static func dot(_ q: UnsafeMutablePointer<Float>, _ k: UnsafeMutablePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var index = 0
        while index + 8 <= count {
            lanes += UnsafeRawPointer(q + index).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(k + index).loadUnaligned(as: SIMD8<Float>.self)
            index += 8
        }
        var tail: Float = 0
        while index < count { tail += q[index] * k[index]; index += 1 }
        let fours = lanes.lowHalf + lanes.highHalf
        let twos = fours.lowHalf + fours.highHalf
        return (twos[0] + twos[1]) + tail
    }
}

/// o = Σ p·v over a row (one row of P·V); emits o at the row's end into its output ring.
final class OuterProductUnit: DataflowUnit {
    let accumulator: VectorRows

    init(graph: DataflowGraph.Unit, width: Int, format: NumberFormat, period: Picoseconds) {
        accumulator = VectorRows(rows: 1, width: width)
        super.init(spec: Spec(graph), width: width, format: format, period: period)
    }

    override func fire() {
        let o = accumulator.row(0), v = inputRow(1)
        let p = held[0].value
        if format == .fp32 {      // no rounding: a loop the compiler vectorises
            if position == 0 {
                for index in 0..<width { o[index] = p * v[index] }
            } else {
                for index in 0..<width { o[index] += p * v[index] }
            }
        } else if position == 0 {
            for index in 0..<width { o[index] = format.round(p * v[index]) }
        } else {
            for index in 0..<width { o[index] = format.round(o[index] + format.round(p * v[index])) }
        }
        if position == length - 1 { produced[0].row = emitRow(copying: o) }
    }
}

/// o = o·δ + c·v over a row (the running output of online softmax); emits o at the row's end.
final class RunningOutputUnit: DataflowUnit {
    let accumulator: VectorRows

    init(graph: DataflowGraph.Unit, width: Int, format: NumberFormat, period: Picoseconds) {
        accumulator = VectorRows(rows: 1, width: width)
        super.init(spec: Spec(graph), width: width, format: format, period: period)
    }

    override func fire() {
        let o = accumulator.row(0), v = inputRow(2)
        let delta = held[0].value, c = held[1].value
        if format == .fp32 {
            if position == 0 {
                for index in 0..<width { o[index] = c * v[index] }
            } else {
                for index in 0..<width { o[index] = o[index] * delta + c * v[index] }
            }
        } else if position == 0 {
            for index in 0..<width { o[index] = format.round(c * v[index]) }
        } else {
            for index in 0..<width { o[index] = format.round(format.round(o[index] * delta) + format.round(c * v[index])) }
        }
        if position == length - 1 { produced[0].row = emitRow(copying: o) }
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

    init(graph: DataflowGraph.Unit, width: Int, format: NumberFormat, period: Picoseconds) {
        storage = VectorRows(rows: graph.rows, width: width)
        writeInterval = Picoseconds(graph.intervalCycles) * period
        readInterval = Picoseconds(graph.effectiveIntervalCycles) * period
        conflictCyclesPerRead = graph.effectiveIntervalCycles - graph.intervalCycles
        reads = graph.firings / (1 + graph.passes) * graph.passes
        super.init(spec: Spec(graph), width: width, format: format, period: period)
    }

    override func fire() {
        interval = position < fillRows ? writeInterval : readInterval
        if position < fillRows {
            storage.row(position).update(from: inputRow(0), count: width)
        } else {
            produced[0].row = emitRow(copying: storage.row((position - fillRows) % fillRows))
        }
    }

    var bankConflictCycles: Int { conflictCyclesPerRead * reads }
}
