/// The unit library: what each kind of unit computes, its ports and their element types, and when
/// each port moves a token. A firing takes the inputs due, computes, sends the outputs due, and
/// advances the unit's clock by its initiation interval (DAM-RS's templates: dequeue, compute,
/// enqueue at tick + latency, `incr_cycles(II)`; stanford-ppl/DAM-RS, branch gina,
/// src/templates/streamingattn/).
///
/// "Per row" ports move one token per `length` firings: an input at the first firing of each row
/// (the row's max in `sub`), an output at the last (a reduction's result).
public enum DataflowUnitKind: String, CaseIterable, Sendable {
    /// Streams rows of an input tensor (q, k or v), each head's `passes` times.
    case source
    /// The same rows read from the DRAM component through a memory port (the graph's `memory:`).
    case dramSource = "dram_source"
    /// Takes every token of its input: the graph's output (vectors are kept for the numerics check).
    case sink
    /// exp, neg, recip, square of each scalar.
    case map
    /// a ⊙ b: sub, add, mul, div, max; `b` per row when `length` > 1 (a row-wise broadcast).
    case binary
    /// Row-wise sum or max: one result per `length` inputs.
    case reduce
    /// Incremental max: per input s, δ = exp(m_old − m_new) and c = exp(s − m_new) (online softmax).
    case runningMax = "running_max"
    /// l = l·δ + c over a row; emits l at its end.
    case runningSum = "running_sum"
    /// o = o·δ + c·v over a row (v a vector); emits o at its end.
    case runningOutput = "running_output"
    /// o = Σ p·v over a row: one row of P·V, the naive graph's "outer product with V".
    case outerProduct = "outer_product"
    /// s = q·k (× 1/√D with `scale: true`); q per row, k every firing: one row of QKᵀ.
    case dotProduct = "dot_product"
    /// Copies its input to each of `outputs` outputs (a fork).
    case broadcast
    /// An SRAM scratchpad: stores `rows` vectors, then replays them `passes` times; reads a row in
    /// ⌈⌈D / banks⌉ / ports⌉ cycles (bank conflicts when D words share a bank's ports).
    case scratchpad

    public enum ElementType: String, Sendable, Equatable {
        case scalar, vector
        /// Whatever the connected producer sends (sink, broadcast).
        case any
    }

    public struct Port: Sendable, Equatable {
        public var name: String
        public var type: ElementType
        /// One token per row of `length` firings instead of one per firing.
        public var perRow: Bool

        init(_ name: String, _ type: ElementType, perRow: Bool = false) {
            self.name = name
            self.type = type
            self.perRow = perRow
        }
    }

    /// Parameters a unit of this kind reads, besides `kind`, `latency` and `interval`.
    var parameters: [String] {
        switch self {
        case .source: return ["tensor", "passes"]
        case .dramSource: return ["tensor", "passes", "outstanding_rows", "requests_per_cycle"]
        case .sink: return []
        case .map: return ["op"]
        case .binary: return ["op", "length", "lanes"]
        case .reduce: return ["op", "length"]
        case .runningMax, .runningSum: return ["length"]
        case .runningOutput, .outerProduct: return ["length", "lanes"]
        case .dotProduct: return ["length", "lanes", "scale"]
        case .broadcast: return ["outputs"]
        case .scratchpad: return ["rows", "passes", "capacity_bytes", "banks", "ports"]
        }
    }

    /// The operations `op` allows, for kinds that have one.
    var operations: [String] {
        switch self {
        case .map: return ["exp", "neg", "recip", "square"]
        case .binary: return ["sub", "add", "mul", "div", "max"]
        case .reduce: return ["sum", "max"]
        default: return []
        }
    }

    func inputs() -> [Port] {
        switch self {
        case .source, .dramSource: return []
        case .sink, .broadcast: return [Port("in", .any)]
        case .map, .reduce, .runningMax: return [Port("in", .scalar)]
        case .binary: return [Port("a", .any), Port("b", .scalar, perRow: true)]
        case .runningSum: return [Port("delta", .scalar), Port("c", .scalar)]
        case .runningOutput: return [Port("delta", .scalar), Port("c", .scalar), Port("v", .vector)]
        case .outerProduct: return [Port("p", .scalar), Port("v", .vector)]
        case .dotProduct: return [Port("q", .vector, perRow: true), Port("k", .vector)]
        case .scratchpad: return [Port("in", .vector)]
        }
    }

    func outputs(count: Int = 2) -> [Port] {
        switch self {
        case .source, .dramSource: return [Port("out", .vector)]
        case .sink: return []
        case .map, .dotProduct: return [Port("out", .scalar)]
        case .binary: return [Port("out", .any)]
        case .reduce, .runningSum: return [Port("out", .scalar, perRow: true)]
        case .runningMax: return [Port("delta", .scalar), Port("c", .scalar)]
        case .runningOutput, .outerProduct: return [Port("out", .vector, perRow: true)]
        case .broadcast: return (0..<count).map { Port("out\($0)", .any) }
        case .scratchpad: return [Port("out", .vector)]
        }
    }
}
