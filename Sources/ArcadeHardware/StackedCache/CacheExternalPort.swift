import ArcadeCore
import ArcadeKernel
import ArcadeWorkloads

/// The cache hierarchy (and the memory behind it, DRAM or fixed-latency) as a memory target for an
/// outside platform (the C ABI, Sources/ArcadeCABI): accesses offered one by one at their times go
/// into Arcade's trace-driven core, which issues each in program order no earlier than its offer —
/// one per core cycle, at most `outstanding_accesses` in flight, as in `arcade simulate` — and each
/// completion is handed back with its time. Offered all at time 0, the run is exactly Arcade's own
/// run of that trace (`TLMPlatformTests`).
///
/// The core works out completion times ahead of the kernel (hits need no event), so completions are
/// held here and released once the caller has advanced past their time: to the caller they look
/// like any memory's responses.
public final class CacheExternalPort {
    let assembly: CacheRun.Assembly
    var ids: [UInt64] = []
    /// Completions the core worked out, not yet released: (time, order) so equal times keep the
    /// order the core produced them.
    var held = BinaryHeapQueue<UInt64>()
    public private(set) var accepted = 0
    public private(set) var served = 0
    public private(set) var events: UInt64 = 0

    public init(model: CacheModel) {
        assembly = CacheRun.Assembly(model.architecture, trace: [], compat: false, progress: nil, fastPaths: false)
        let core = assembly.core
        core.arrivals = []
        core.onComplete = { [unowned self] index, time in held.insert(ids[index], at: time) }
    }

    /// The core's clock period: the cycle the cache family's `cycles` counts.
    public var periodPicoseconds: Picoseconds { assembly.clock.periodPicoseconds }
    public var lineBytes: Int { assembly.hierarchy.levels[0].config.lineBytes }
    public var now: Picoseconds { assembly.chip.scheduler.now }

    /// Handles every kernel event at or before `limit`.
    public func advance(until limit: Picoseconds) {
        guard let next = assembly.chip.scheduler.nextEventTime(), next <= limit else { return }
        events &+= assembly.chip.run(until: limit).events
    }

    /// Offers access `id` at `time` (after `advance(until: time)`); never refused: the core's own
    /// window is the back-pressure, and it shows in the completion times.
    public func offer(id: UInt64, address: UInt64, bytes: UInt32, kind: AddressAccess.Kind, at time: Picoseconds) {
        advance(until: time)
        let core = assembly.core
        core.trace.append(AddressAccess(address: address, bytes: max(1, bytes), kind: kind))
        core.arrivals!.append(time)
        ids.append(id)
        accepted += 1
        core.handle(ComponentEvent(target: core.id, kind: .wake), at: max(time, now), scheduler: &assembly.chip.scheduler)
    }

    /// Moves out the completions due at or before `limit`, in time order.
    public func takeCompletions(until limit: Picoseconds, into sink: (UInt64, Picoseconds) -> Void) {
        while let next = held.removeFirst(notAfter: limit) {
            served += 1
            sink(next.event, next.time)
        }
    }

    /// The earlier of the kernel's next event and the next held completion.
    public func nextEventTime() -> Picoseconds? {
        let kernel = assembly.chip.scheduler.nextEventTime()
        guard let completion = held.nextTime() else { return kernel }
        return min(kernel ?? .max, completion)
    }

    /// The run's length as the family reports it (`cycles`): core cycles until the last completion
    /// or memory event.
    public var cycles: Int64 {
        let end = max(assembly.core.endTime, assembly.chip.scheduler.now)
        return Int64(assembly.clock.cycles(covering: end))
    }
}

extension CacheModel {
    /// Reads an address trace as `simulate` does (same errors).
    public func readCheckedTrace(path: String, allowHuge: Bool = false) throws -> AddressTrace {
        let trace = try AddressTraceReader.read(path: path)
        if !allowHuge && trace.accesses.count > Self.accessLimit {
            throw InputError(file: path, "the trace has \(trace.accesses.count) accesses, more than the limit "
                                 + "\(Self.accessLimit) (about a minute); pass --allow-huge to run it anyway")
        }
        return trace
    }

    /// Arcade's own run of `trace` with each timed access's completion (core cycle) recorded (-1:
    /// an instruction fetch with no L1I, counted and not timed… reported at its issue) and the
    /// report's `cycles`.
    public func runRecordingCompletions(_ trace: AddressTrace) throws -> (cycles: Int64, completionCycles: [Int64]) {
        var completions = [Int64](repeating: -1, count: trace.accesses.count)
        let period = architecture.clock.periodPicoseconds
        let run = try CacheRun.run(architecture, trace: trace, compat: false,
                                   onComplete: { index, time in completions[index] = Int64(time / period) })
        return (run.cycles, completions)
    }
}
