import ArcadeKernel

/// A unit of a dataflow graph on the kernel: a run-ahead component (BoundedChannel+RunAhead.swift)
/// whose firing takes the inputs due, computes (`fire`), sends the outputs due stamped
/// time + latency, and advances its clock by the initiation interval. Inputs are taken one after
/// another and outputs sent one after another, each blocking as DAM's `dequeue`/`enqueue` do, so a
/// unit can hold a token it took while it waits for the next input — which is what sets the
/// deadlock threshold of the naive SDPA graph exactly (DataflowSDPATests).
///
/// A woken unit fires until an input is empty or an output is full, so the kernel sees one event
/// per blocking, never one per cycle, and an idle unit is never visited.
class DataflowUnit: Component {
    /// When a port moves a token, by the unit's position in its row.
    enum PortRate {
        case everyFiring, rowStart, rowEnd
        /// A scratchpad: the first `fillRows` firings of each row fill it, the rest replay.
        case fill, replay
    }

    let name: String
    var id: Int32 = -1
    let kind: DataflowUnitKind
    let latency: Picoseconds
    var interval: Picoseconds
    let firings: Int
    let length: Int
    let width: Int
    let format: NumberFormat
    var fillRows: Int = 0

    var inputs: [BoundedChannel<DataflowToken>] = []
    var outputs: [BoundedChannel<DataflowToken>] = []
    var inputRates: [PortRate] = []
    var outputRates: [PortRate] = []
    /// For each vector input, the storage its producer's tokens point into.
    var inputRows: [VectorRows?] = []
    /// This unit's vector outputs (a ring, or a source's tensor).
    var outputRows: VectorRows?
    var nextOutputRow = 0

    var localTime: Picoseconds = 0
    var fired = 0
    var position = 0
    var inputCursor = 0
    var outputCursor = 0
    var computed = false
    var stamp: Picoseconds = 0
    var held: [DataflowToken]
    var produced: [DataflowToken]
    /// When the unit last fired (its final one, once finished).
    var lastFiring: Picoseconds = 0

    init(graph: DataflowGraph.Unit, width: Int, format: NumberFormat, period: Picoseconds) {
        name = graph.template.name
        kind = graph.template.kind
        latency = Picoseconds(graph.latencyCycles) * period
        interval = Picoseconds(graph.effectiveIntervalCycles) * period
        firings = graph.firings
        length = kind == .scratchpad ? graph.rows * (1 + graph.passes) : graph.length
        fillRows = graph.rows
        self.width = width
        self.format = format
        held = Array(repeating: .empty, count: graph.template.inputs.count)
        produced = Array(repeating: .empty, count: graph.template.outputs.count)
        inputRates = graph.template.inputs.map { kind == .scratchpad ? .fill : $0.perRow ? .rowStart : .everyFiring }
        outputRates = graph.template.outputs.map { kind == .scratchpad ? .replay : $0.perRow ? .rowEnd : .everyFiring }
    }

    /// Computes `produced` from `held` for the firing at `position` in its row. Overridden per kind.
    func fire() {}

    /// The next row of this unit's output ring (vector outputs).
    @inline(__always)
    final func claimOutputRow() -> Int32 {
        let row = nextOutputRow
        nextOutputRow += 1
        if nextOutputRow == outputRows!.rows { nextOutputRow = 0 }
        return Int32(row)
    }

    @inline(__always)
    final func moves(_ rate: PortRate) -> Bool {
        switch rate {
        case .everyFiring: return true
        case .rowStart: return position == 0
        case .rowEnd: return position == length - 1
        case .fill: return position < fillRows
        case .replay: return position >= fillRows
        }
    }

    final func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        while fired < firings {
            while inputCursor < inputs.count {
                if moves(inputRates[inputCursor]) {
                    guard let token = inputs[inputCursor].receive(receiverTime: &localTime, scheduler: &scheduler) else { return }
                    held[inputCursor] = token
                }
                inputCursor += 1
            }
            if !computed {
                fire()
                lastFiring = localTime
                stamp = localTime + latency
                computed = true
            }
            while outputCursor < outputs.count {
                if moves(outputRates[outputCursor]) {
                    guard outputs[outputCursor].send(produced[outputCursor], readyAt: stamp, senderTime: &localTime,
                                                     scheduler: &scheduler) else { return }
                }
                outputCursor += 1
            }
            inputCursor = 0
            outputCursor = 0
            computed = false
            fired += 1
            position += 1
            if position == length { position = 0 }
            if fired < firings { localTime += interval }
        }
    }

    var isFinished: Bool { fired == firings }

    var status: String {
        if fired == firings { return "finished" }
        if !computed, inputCursor < inputs.count { return "waiting to receive on \(inputs[inputCursor].name) (firing \(fired + 1) of \(firings))" }
        if outputCursor < outputs.count { return "waiting to send on \(outputs[outputCursor].name) (firing \(fired + 1) of \(firings))" }
        return "firing \(fired + 1) of \(firings)"
    }

    // MARK: Helpers for kinds

    @inline(__always)
    final func inputRow(_ port: Int) -> UnsafeMutablePointer<Float> { inputRows[port]!.row(Int(held[port].row)) }
}
