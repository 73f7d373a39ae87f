import ArcadeKernel

/// The core's side of the memory port: the access's traffic as transactions, offered in order
/// (waiting for a retry after a refusal), and responses resolving the accesses and MSHRs that wait
/// on a read.
extension CacheCore {
    /// The access's memory traffic as transactions of the memory's size; the first read is the
    /// access's own (`read`), the rest posted.
    func enqueueTransfers(read: UInt64?) {
        var criticalPending = read != nil
        for transfer in hierarchy.sink.transfers {
            let parts = max(1, (Int(transfer.bytes) + transactionBytes - 1) / transactionBytes)
            let base = transfer.address / UInt64(transactionBytes) * UInt64(transactionBytes)
            let readID: UInt64?
            if !transfer.isWrite && criticalPending {
                readID = read
                criticalPending = false
            } else {
                readID = nil
            }
            if let readID { readParts[readID] = parts }
            for part in 0..<parts {
                var address = base &+ UInt64(part * transactionBytes)
                if let memoryCapacity { address %= memoryCapacity }
                let id: UInt64
                if let readID { id = readID << 12 | UInt64(part) } else { id = 1 << 63 | nextWrite; nextWrite += 1 }
                outbox.append(MemoryTransaction(id: id, address: address, bytes: UInt32(transactionBytes), isWrite: transfer.isWrite))
            }
        }
    }

    /// Offers queued transactions; false while the memory refuses one (a `.retry` follows).
    func flushOutbox(at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) -> Bool {
        guard !waitingForRetry else { return false }
        while outboxHead < outbox.count {
            guard port.send(outbox[outboxHead], at: now, scheduler: &scheduler) else {
                waitingForRetry = true
                return false
            }
            outboxHead += 1
            outstandingTransactions += 1
            memoryTransactions += 1
        }
        if outboxHead > 0 {
            outbox.removeAll(keepingCapacity: true)
            outboxHead = 0
        }
        return true
    }

    func memoryResponded(_ id: UInt64, at now: Picoseconds) {
        outstandingTransactions -= 1
        guard id >> 63 == 0 else { return }      // a posted write
        let read = id >> 12
        guard let parts = readParts[read] else { return }
        if parts > 1 { readParts[read] = parts - 1; return }
        readParts[read] = nil
        var index = 0
        while index < waiters.count {
            let waiter = waiters[index]
            guard waiter.read == read else { index += 1; continue }
            let completion = max(now, waiter.notBefore)
            complete(at: completion, issue: waiter.issue)
            onComplete?(waiter.index, completion)
            let path = waiter.path == 1 ? instructionPath : dataPath
            for j in 0..<min(waiter.deepest, path.count) { path[j].timing.missLatencySum &+= Int64(completion) }
            waiters.swapAt(index, waiters.count - 1)
            waiters.removeLast()
        }
        for path in [dataPath, instructionPath] {
            for level in path where level.timing.pendingEntries > 0 {
                for entry in level.timing.mshrFill.indices
                where level.timing.mshrFill[entry] == CacheLevelTiming.pending && level.timing.mshrRead[entry] == read {
                    level.timing.mshrFill[entry] = now
                    level.timing.pendingEntries -= 1
                    level.timing.latestFill = max(level.timing.latestFill, now)
                }
            }
        }
    }
}
