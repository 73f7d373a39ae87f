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

/// One `arcade_memory`: a chip holding the DRAM component and the external initiator, and the
/// kernel time the caller has advanced it to.
final class MemoryHandle {
    let model: DRAMModel
    let chip = Chip()
    let dram: DRAMMemoryComponent
    let initiator: ExternalInitiator
    let port: MemoryPort
    var refused: UInt64 = 0
    var events: UInt64 = 0
    /// Owned C string of the last try_send failure (freed on replacement and in deinit).
    var lastError: UnsafeMutablePointer<CChar>

    init(model: DRAMModel) {
        self.model = model
        dram = chip.add(DRAMMemoryComponent(config: model.config))
        initiator = chip.add(ExternalInitiator())
        port = MemoryPort(target: dram, initiator: initiator.id)
        lastError = strdup("")!
    }

    deinit { free(lastError) }

    func setError(_ message: String) {
        free(lastError)
        lastError = strdup(message)!
    }

    /// Handles every event at or before `limit` on Arcade's kernel.
    func advance(until limit: Picoseconds) {
        guard let next = chip.scheduler.nextEventTime(), next <= limit else { return }
        events &+= chip.run(until: limit).events
    }
}

/// One `arcade_trace`: a trace read and checked by Arcade's own reader.
final class TraceHandle {
    let path: String
    let trace: MemoryTrace
    init(path: String, trace: MemoryTrace) {
        self.path = path
        self.trace = trace
    }
}
