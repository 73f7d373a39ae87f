import ArcadeKernel
import Foundation

/// exp, neg, recip or square of each scalar.
final class MapUnit: DataflowUnit {
    let operation: String

    init(graph: DataflowGraph.Unit, width: Int, format: NumberFormat, period: Picoseconds) {
        operation = graph.template.op
        super.init(spec: Spec(graph), width: width, format: format, period: period)
    }

    override func fire() {
        let x = held[0].value
        let y: Float
        switch operation {
        case "exp": y = Foundation.exp(x)
        case "neg": y = -x
        case "recip": y = 1 / x
        default: y = x * x
        }
        produced[0].value = format.round(y)
    }
}

/// a ⊙ b with b taken once per row (a row-wise broadcast, e.g. s − rowmax) or every firing
/// (`length: 1`, element-wise); a may be a vector (o / l), then the result is a vector.
final class BinaryUnit: DataflowUnit {
    let operation: String
    let vectorA: Bool

    init(graph: DataflowGraph.Unit, width: Int, format: NumberFormat, period: Picoseconds) {
        operation = graph.template.op
        vectorA = graph.template.inputs[0].type == .vector
        super.init(spec: Spec(graph), width: width, format: format, period: period)
    }

    @inline(__always)
    func apply(_ a: Float, _ b: Float) -> Float {
        switch operation {
        case "sub": return a - b
        case "add": return a + b
        case "mul": return a * b
        case "div": return a / b
        default: return max(a, b)
        }
    }

    override func fire() {
        let b = held[1].value
        if vectorA {
            let a = inputRow(0)
            let row = claimOutputRow()
            let out = outputRow(row)
            for index in 0..<width { out[index] = format.round(apply(a[index], b)) }
            produced[0].row = row
        } else {
            produced[0].value = format.round(apply(held[0].value, b))
        }
    }
}

/// Row-wise sum or max; emits the row's result with its last element.
final class ReduceUnit: DataflowUnit {
    let isMax: Bool
    var accumulator: Float = 0

    init(graph: DataflowGraph.Unit, width: Int, format: NumberFormat, period: Picoseconds) {
        isMax = graph.template.op == "max"
        super.init(spec: Spec(graph), width: width, format: format, period: period)
    }

    override func fire() {
        let x = held[0].value
        if position == 0 { accumulator = x } else { accumulator = format.round(isMax ? max(accumulator, x) : accumulator + x) }
        produced[0].value = accumulator
    }
}

/// The incremental max of online softmax: for each score s, m_new = max(m_old, s), then
/// δ = exp(m_old − m_new) (the rescale of what was summed so far) and c = exp(s − m_new).
final class RunningMaxUnit: DataflowUnit {
    var runningMax: Float = 0

    override func fire() {
        let s = held[0].value
        if position == 0 {
            runningMax = s
            produced[0].value = 0          // nothing summed yet: δ multiplies zero
            produced[1].value = 1          // exp(s − s)
            return
        }
        let newMax = max(runningMax, s)
        produced[0].value = format.round(Foundation.exp(runningMax - newMax))
        produced[1].value = format.round(Foundation.exp(s - newMax))
        runningMax = newMax
    }
}

/// l = l·δ + c over a row; emits l at its end.
final class RunningSumUnit: DataflowUnit {
    var sum: Float = 0

    override func fire() {
        let delta = held[0].value, c = held[1].value
        sum = position == 0 ? c : format.round(format.round(sum * delta) + c)
        produced[0].value = sum
    }
}

/// Copies its input to every output (vectors into its own ring, so each consumer reads rows that
/// stay put while they are queued).
final class BroadcastUnit: DataflowUnit {
    let vector: Bool

    init(graph: DataflowGraph.Unit, width: Int, vector: Bool, format: NumberFormat, period: Picoseconds) {
        self.vector = vector
        super.init(spec: Spec(graph), width: width, format: format, period: period)
    }

    override func fire() {
        var token = held[0]
        if vector {
            token.row = emitRow(copying: inputRow(0))
        }
        for index in 0..<outputCount { produced[index] = token }
    }
}
