import ArcadeCore
import ArcadeHardware
import ArcadeKernel
import ArcadeWorkloads
import Foundation

/// The outside platform as a component on Arcade's chip: the initiator end of the memory port
/// that C callers send through. It only collects what the memory hands back — responses (id and
/// time) and retries — for the caller to take after each `advance`.
final class ExternalInitiator: Component {
    let name = "external"
    var id: Int32 = -1
    /// Completions not yet taken, in delivery order (`head` = first untaken).
    var completionIDs: [UInt64] = []
    var completionTimes: [Picoseconds] = []
    var head = 0
    /// Retries delivered since the caller last advanced.
    var retries: UInt32 = 0

    var isFinished: Bool { true }    // the outside platform decides when it is done
    var status: String { "\(completionIDs.count - head) completions not taken" }

    func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        switch event.kind {
        case .response:
            completionIDs.append(event.payload)
            completionTimes.append(now)
        case .retry:
            retries &+= 1
        case .wake:
            break
        }
    }

    /// Moves up to `capacity` completions out; compacts once everything was taken.
    func take(ids: UnsafeMutablePointer<UInt64>, times: UnsafeMutablePointer<UInt64>, capacity: Int) -> Int {
        let count = min(capacity, completionIDs.count - head)
        for index in 0..<count {
            ids[index] = completionIDs[head + index]
            times[index] = completionTimes[head + index]
        }
        head += count
        if head == completionIDs.count {
            completionIDs.removeAll(keepingCapacity: true)
            completionTimes.removeAll(keepingCapacity: true)
            head = 0
        }
        return count
    }
}

/// What every `arcade_memory` is: a memory target on Arcade's kernel driven from outside.
protocol ExternalMemory: AnyObject {
    var periodPicoseconds: Picoseconds { get }
    /// Offers per memory cycle Arcade's own trace frontend makes; 0 = no limit (the cache's core
    /// takes the whole access stream and issues it itself).
    var requestsPerCycle: Int { get }
    var accessBytes: UInt32 { get }
    var now: Picoseconds { get }
    /// 1 accepted, 0 refused (a retry follows), or throws an `InputError` (nothing was offered).
    func trySend(id: UInt64, address: UInt64, bytes: UInt32, kind: Int32, at time: Picoseconds) throws -> Int32
    /// Runs to `limit`; returns the retries delivered.
    func advance(until limit: Picoseconds) -> UInt32
    func take(ids: UnsafeMutablePointer<UInt64>, times: UnsafeMutablePointer<UInt64>, capacity: Int) -> Int
    func nextEventTime() -> Picoseconds?
    /// accepted, served, refused, cycles (the family's own `cycles` so far), kernel events.
    var stats: (UInt64, UInt64, UInt64, Int64, UInt64) { get }
    func readTrace(path: String) throws -> TraceHandle
    /// Arcade alone on `trace`: the family's `cycles` and each request's completion cycle.
    func runAlone(_ trace: TraceHandle) throws -> (Int64, [Int64])
}

/// Every `arcade_memory` handle: the memory and the message of its last failed try_send.
final class MemoryHandle {
    let memory: any ExternalMemory
    /// Owned C string (freed on replacement and in deinit): valid until the next failing call.
    var lastError: UnsafeMutablePointer<CChar>

    init(_ memory: any ExternalMemory) {
        self.memory = memory
        lastError = strdup("")!
    }

    deinit { free(lastError) }

    func setError(_ message: String) {
        free(lastError)
        lastError = strdup(message)!
    }
}

/// The DRAM: its component and the external initiator on one chip.
final class ExternalDRAM: ExternalMemory {
    let model: DRAMModel
    let chip = Chip()
    let dram: DRAMMemoryComponent
    let initiator: ExternalInitiator
    let port: MemoryPort
    var refused: UInt64 = 0
    var events: UInt64 = 0

    init(model: DRAMModel) {
        self.model = model
        dram = chip.add(DRAMMemoryComponent(config: model.config))
        initiator = chip.add(ExternalInitiator())
        port = MemoryPort(target: dram, initiator: initiator.id)
    }

    var periodPicoseconds: Picoseconds { dram.clock.periodPicoseconds }
    var requestsPerCycle: Int { model.config.controller.requestsPerCycle }
    var accessBytes: UInt32 { UInt32(model.config.organization.accessBytes) }
    var now: Picoseconds { chip.scheduler.now }

    func trySend(id: UInt64, address: UInt64, bytes: UInt32, kind: Int32, at time: Picoseconds) throws -> Int32 {
        guard dram.contains(address: address) else {
            let capacity = model.config.organization.capacityBytes ?? 0
            throw InputError("transaction \(id): address 0x\(String(address, radix: 16)) is beyond the capacity "
                             + "of \(capacity) bytes (0x\(String(capacity, radix: 16)))")
        }
        _ = advanceKernel(until: time)
        let transaction = MemoryTransaction(id: id, address: address, bytes: accessBytes, isWrite: kind == 1)
        if port.send(transaction, at: time, scheduler: &chip.scheduler) { return 1 }
        refused &+= 1
        return 0
    }

    func advanceKernel(until limit: Picoseconds) -> Bool {
        guard let next = chip.scheduler.nextEventTime(), next <= limit else { return false }
        events &+= chip.run(until: limit).events
        return true
    }

    func advance(until limit: Picoseconds) -> UInt32 {
        _ = advanceKernel(until: limit)
        defer { initiator.retries = 0 }
        return initiator.retries
    }

    func take(ids: UnsafeMutablePointer<UInt64>, times: UnsafeMutablePointer<UInt64>, capacity: Int) -> Int {
        initiator.take(ids: ids, times: times, capacity: capacity)
    }

    func nextEventTime() -> Picoseconds? { chip.scheduler.nextEventTime() }

    var stats: (UInt64, UInt64, UInt64, Int64, UInt64) {
        (UInt64(dram.accepted), UInt64(dram.served), refused, dram.lastCompletionCycle, events)
    }

    func readTrace(path: String) throws -> TraceHandle {
        let trace = try model.readCheckedTrace(path: path)
        return TraceHandle(path: path, addresses: trace.requests.map(\.address),
                           kinds: trace.requests.map { $0.kind == .write ? 1 : 0 },
                           bytes: trace.requests.map { _ in accessBytes },
                           arrivals: trace.requests.map { $0.arrivalCycle ?? -1 }, dram: trace, cache: nil)
    }

    func runAlone(_ trace: TraceHandle) throws -> (Int64, [Int64]) {
        guard let requests = trace.dram else { throw InputError(file: trace.path, "not a DRAM request trace") }
        let result = try model.runRecordingCompletions(requests, traceName: trace.path)
        return (result.cycles, result.completionCycles)
    }
}

/// The cache hierarchy and its memory (CacheExternalPort).
final class ExternalCache: ExternalMemory {
    let model: CacheModel
    let port: CacheExternalPort

    init(model: CacheModel) {
        self.model = model
        port = CacheExternalPort(model: model)
    }

    var periodPicoseconds: Picoseconds { port.periodPicoseconds }
    var requestsPerCycle: Int { 0 }
    var accessBytes: UInt32 { UInt32(port.lineBytes) }
    var now: Picoseconds { port.now }

    static let kinds: [AddressAccess.Kind] = [.load, .store, .instruction, .modify]

    func trySend(id: UInt64, address: UInt64, bytes: UInt32, kind: Int32, at time: Picoseconds) throws -> Int32 {
        guard kind >= 0 && Int(kind) < Self.kinds.count else {
            throw InputError("transaction \(id): access kind \(kind) is not one of 0 load, 1 store, 2 instruction, 3 modify")
        }
        port.offer(id: id, address: address, bytes: bytes, kind: Self.kinds[Int(kind)], at: time)
        advancedTo = max(advancedTo, time)
        return 1
    }

    /// The latest time the caller advanced to: held completions up to it are due.
    var advancedTo: Picoseconds = 0

    func advance(until limit: Picoseconds) -> UInt32 {
        port.advance(until: limit)
        advancedTo = max(advancedTo, limit)
        return 0
    }

    /// Completions already released by `advance` wait here for the caller.
    var released: [(UInt64, Picoseconds)] = []
    var releasedHead = 0

    func take(ids: UnsafeMutablePointer<UInt64>, times: UnsafeMutablePointer<UInt64>, capacity: Int) -> Int {
        port.takeCompletions(until: advancedTo) { id, time in released.append((id, time)) }
        let count = min(capacity, released.count - releasedHead)
        for index in 0..<count {
            (ids[index], times[index]) = released[releasedHead + index]
        }
        releasedHead += count
        if releasedHead == released.count { released.removeAll(keepingCapacity: true); releasedHead = 0 }
        return count
    }

    func nextEventTime() -> Picoseconds? { port.nextEventTime() }

    var stats: (UInt64, UInt64, UInt64, Int64, UInt64) {
        (UInt64(port.accepted), UInt64(port.served), 0, port.cycles, port.events)
    }

    func readTrace(path: String) throws -> TraceHandle {
        let trace = try model.readCheckedTrace(path: path)
        let kinds: [Int32] = trace.accesses.map { Int32(Self.kinds.firstIndex(of: $0.kind)!) }
        return TraceHandle(path: path, addresses: trace.accesses.map(\.address), kinds: kinds,
                           bytes: trace.accesses.map(\.bytes), arrivals: trace.accesses.map { _ in -1 }, dram: nil,
                           cache: trace)
    }

    func runAlone(_ trace: TraceHandle) throws -> (Int64, [Int64]) {
        guard let accesses = trace.cache else { throw InputError(file: trace.path, "not an address trace") }
        let result = try model.runRecordingCompletions(accesses)
        return (result.cycles, result.completionCycles)
    }
}

/// One `arcade_trace`: read and checked by Arcade's own reader for one memory's family.
final class TraceHandle {
    let path: String
    let addresses: [UInt64]
    /// 0 read/load, 1 write/store, 2 instruction fetch, 3 modify (load then store).
    let kinds: [Int32]
    let bytes: [UInt32]
    /// Arrival memory cycles, -1 none.
    let arrivals: [Int64]
    let dram: MemoryTrace?
    let cache: AddressTrace?

    init(path: String, addresses: [UInt64], kinds: [Int32], bytes: [UInt32], arrivals: [Int64], dram: MemoryTrace?,
         cache: AddressTrace?) {
        self.path = path
        self.addresses = addresses
        self.kinds = kinds
        self.bytes = bytes
        self.arrivals = arrivals
        self.dram = dram
        self.cache = cache
    }
}
