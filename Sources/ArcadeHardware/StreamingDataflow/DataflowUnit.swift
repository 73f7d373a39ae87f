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
        /// Only the unit's first firing (a start token, an operand loaded once per run).
        case first
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

    typealias Channel = BoundedChannel<DataflowToken>

    // Per-port state in buffers this unit owns (allocated once in `init`, freed in `deinit`):
    // arrays of class references in a class paid a retain and release per access, half of a run's
    // time (perf, sdpa-reordered at N = 1024). Channels are held unretained: the `Chip` owns them
    // for as long as it can run this unit.
    let inputCount: Int
    let outputCount: Int
    let inputChannels: UnsafeMutablePointer<Unmanaged<Channel>?>
    let outputChannels: UnsafeMutablePointer<Unmanaged<Channel>?>
    let inputRates: UnsafeMutablePointer<PortRate>
    let outputRates: UnsafeMutablePointer<PortRate>
    /// For each vector input, the first value of its producer's rows (rows never move).
    let inputBases: UnsafeMutablePointer<UnsafeMutablePointer<Float>?>
    let held: UnsafeMutablePointer<DataflowToken>
    let produced: UnsafeMutablePointer<DataflowToken>
    /// This unit's vector outputs (a ring, or a source's tensor).
    var outputRows: VectorRows? { didSet { outputBase = outputRows.map { $0.row(0) } } }
    var outputBase: UnsafeMutablePointer<Float>?
    var outputRowCount = 0
    var nextOutputRow = 0

    var localTime: Picoseconds = 0
    var fired = 0
    var position = 0
    var inputCursor = 0
    var outputCursor = 0
    var computed = false
    var stamp: Picoseconds = 0
    /// When the unit last fired (its final one, once finished).
    var lastFiring: Picoseconds = 0

    /// What a unit is, independent of where it came from: a graph file's resolved unit
    /// (`init(_ graph:)`) or an engine that builds its units in code (the FPGA family's stages,
    /// whose tokens carry no values: one firing is one tile of work).
    struct Spec {
        var name: String
        var kind: DataflowUnitKind
        var latencyCycles: Int
        /// Cycles one firing occupies (the effective initiation interval).
        var intervalCycles: Int
        var firings: Int
        /// Firings per row: per-row ports move one token every `length` firings.
        var length: Int
        /// A scratchpad's rows (the firings of each row that fill it).
        var fillRows: Int = 0
        var inputRates: [PortRate]
        var outputRates: [PortRate]

        init(name: String, kind: DataflowUnitKind, latencyCycles: Int, intervalCycles: Int, firings: Int, length: Int,
             fillRows: Int = 0, inputRates: [PortRate], outputRates: [PortRate]) {
            self.name = name
            self.kind = kind
            self.latencyCycles = latencyCycles
            self.intervalCycles = intervalCycles
            self.firings = firings
            self.length = length
            self.fillRows = fillRows
            self.inputRates = inputRates
            self.outputRates = outputRates
        }

        init(_ graph: DataflowGraph.Unit) {
            let kind = graph.template.kind
            self.init(name: graph.template.name, kind: kind, latencyCycles: graph.latencyCycles,
                      intervalCycles: graph.effectiveIntervalCycles, firings: graph.firings,
                      length: kind == .scratchpad ? graph.rows * (1 + graph.passes) : graph.length, fillRows: graph.rows,
                      inputRates: graph.template.inputs.map { kind == .scratchpad ? .fill : $0.perRow ? .rowStart : .everyFiring },
                      outputRates: graph.template.outputs.map { kind == .scratchpad ? .replay : $0.perRow ? .rowEnd : .everyFiring })
        }
    }

    init(spec: Spec, width: Int, format: NumberFormat, period: Picoseconds) {
        name = spec.name
        kind = spec.kind
        latency = Picoseconds(spec.latencyCycles) * period
        interval = Picoseconds(spec.intervalCycles) * period
        firings = spec.firings
        length = spec.length
        fillRows = spec.fillRows
        self.width = width
        self.format = format
        inputCount = spec.inputRates.count
        outputCount = spec.outputRates.count
        inputChannels = .allocate(capacity: max(1, inputCount))
        inputChannels.initialize(repeating: nil, count: max(1, inputCount))
        outputChannels = .allocate(capacity: max(1, outputCount))
        outputChannels.initialize(repeating: nil, count: max(1, outputCount))
        inputBases = .allocate(capacity: max(1, inputCount))
        inputBases.initialize(repeating: nil, count: max(1, inputCount))
        held = .allocate(capacity: max(1, inputCount))
        held.initialize(repeating: .empty, count: max(1, inputCount))
        produced = .allocate(capacity: max(1, outputCount))
        produced.initialize(repeating: .empty, count: max(1, outputCount))
        inputRates = .allocate(capacity: max(1, inputCount))
        inputRates.initialize(repeating: .everyFiring, count: max(1, inputCount))
        outputRates = .allocate(capacity: max(1, outputCount))
        outputRates.initialize(repeating: .everyFiring, count: max(1, outputCount))
        for (index, rate) in spec.inputRates.enumerated() { inputRates[index] = rate }
        for (index, rate) in spec.outputRates.enumerated() { outputRates[index] = rate }
    }

    convenience init(graph: DataflowGraph.Unit, width: Int, format: NumberFormat, period: Picoseconds) {
        self.init(spec: Spec(graph), width: width, format: format, period: period)
    }

    deinit {
        for pointer in [inputChannels, outputChannels] as [UnsafeMutablePointer<Unmanaged<Channel>?>] { pointer.deallocate() }
        inputBases.deallocate()
        held.deallocate()
        produced.deallocate()
        inputRates.deallocate()
        outputRates.deallocate()
    }

    /// Joins input `port` to `channel`, whose tokens point into `rows` when it carries vectors.
    func connect(input port: Int, _ channel: Channel, rows: VectorRows?) {
        precondition(port < inputCount && inputChannels[port] == nil, "input \(port) of \(name) connected twice")
        inputChannels[port] = Unmanaged.passUnretained(channel)
        inputBases[port] = rows.map { $0.row(0) }
    }

    func connect(output port: Int, _ channel: Channel) {
        precondition(port < outputCount && outputChannels[port] == nil, "output \(port) of \(name) connected twice")
        outputChannels[port] = Unmanaged.passUnretained(channel)
    }

    func inputChannel(_ port: Int) -> Channel { inputChannels[port]!.takeUnretainedValue() }
    func outputChannel(_ port: Int) -> Channel { outputChannels[port]!.takeUnretainedValue() }

    /// Computes `produced` from `held` for the firing at `position` in its row. Overridden per kind.
    func fire() {}

    /// The next row of this unit's output ring (vector outputs).
    @inline(__always)
    final func claimOutputRow() -> Int32 {
        let row = nextOutputRow
        nextOutputRow += 1
        if nextOutputRow == outputRowCount { nextOutputRow = 0 }
        return Int32(row)
    }

    /// Copies `values` into the next row of the output ring: the token row to send.
    @inline(__always)
    final func emitRow(copying values: UnsafeMutablePointer<Float>) -> Int32 {
        let row = claimOutputRow()
        outputRow(row).update(from: values, count: width)
        return row
    }

    /// The values of output row `row` (of `claimOutputRow`).
    @inline(__always)
    final func outputRow(_ row: Int32) -> UnsafeMutablePointer<Float> {
        assert(Int(row) < outputRowCount)
        return outputBase! + Int(row) * width
    }

    @inline(__always)
    final func moves(_ rate: PortRate) -> Bool {
        switch rate {
        case .everyFiring: return true
        case .rowStart: return position == 0
        case .rowEnd: return position == length - 1
        case .fill: return position < fillRows
        case .replay: return position >= fillRows
        case .first: return fired == 0
        }
    }

    func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        // The loop works on locals and writes them back when it blocks: class properties passed
        // inout to the channels cost an exclusivity check each, and kept nothing in registers.
        var time = localTime
        var inputIndex = inputCursor, outputIndex = outputCursor
        defer {
            localTime = time
            inputCursor = inputIndex
            outputCursor = outputIndex
        }
        while fired < firings {
            while inputIndex < inputCount {
                if moves(inputRates[inputIndex]) {
                    guard let token = inputChannels[inputIndex].unsafelyUnwrapped._withUnsafeGuaranteedRef({
                        $0.receive(receiverTime: &time, scheduler: &scheduler)
                    }) else { return }
                    held[inputIndex] = token
                }
                inputIndex += 1
            }
            if !computed {
                fire()
                lastFiring = time
                stamp = time + latency
                computed = true
            }
            while outputIndex < outputCount {
                if moves(outputRates[outputIndex]) {
                    let token = produced[outputIndex], stamp = self.stamp
                    guard outputChannels[outputIndex].unsafelyUnwrapped._withUnsafeGuaranteedRef({
                        $0.send(token, readyAt: stamp, senderTime: &time, scheduler: &scheduler)
                    }) else { return }
                }
                outputIndex += 1
            }
            inputIndex = 0
            outputIndex = 0
            computed = false
            fired += 1
            position += 1
            if position == length { position = 0 }
            if fired < firings { time += interval }
        }
    }

    var isFinished: Bool { fired == firings }

    var status: String {
        if fired == firings { return "finished" }
        if !computed, inputCursor < inputCount { return "waiting to receive on \(inputChannel(inputCursor).name) (firing \(fired + 1) of \(firings))" }
        if outputCursor < outputCount { return "waiting to send on \(outputChannel(outputCursor).name) (firing \(fired + 1) of \(firings))" }
        return "firing \(fired + 1) of \(firings)"
    }

    // MARK: Helpers for kinds

    @inline(__always)
    final func inputRow(_ port: Int) -> UnsafeMutablePointer<Float> { inputBases[port].unsafelyUnwrapped + Int(held[port].row) * width }
}
