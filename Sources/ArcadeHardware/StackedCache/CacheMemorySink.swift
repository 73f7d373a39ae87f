/// Where the last level's misses and write-backs go, as the functional model produces them: the
/// memory traffic of the access being simulated (the timing side sends it through the memory
/// port), plus the one bit an exclusive level hands up with a line (whether it was dirty).
final class CacheMemorySink {
    struct Transfer: Equatable {
        var address: UInt64
        var bytes: UInt32
        var isWrite: Bool
    }

    /// The level number memory has (`levels.count`): what `load` returns when memory served a line.
    let memoryIndex: Int
    /// pycachesim's semantics where they differ from Arcade's own (`--compat pycachesim`).
    let compat: Bool
    /// Memory traffic of the current access, in the order the model produced it: the first
    /// `transferCount` entries of `transferBuffer` (reused, so clearing it per access costs nothing).
    var transferBuffer: [Transfer] = []
    var transferCount = 0
    var transfers: ArraySlice<Transfer> { transferBuffer[0..<transferCount] }
    var reads: Int64 = 0, writes: Int64 = 0
    var readBytes: Int64 = 0, writeBytes: Int64 = 0
    /// Set by an exclusive level that hands a dirty line up; taken by the level that inserts it.
    var handedUpDirty = false

    init(memoryIndex: Int, compat: Bool) {
        self.memoryIndex = memoryIndex
        self.compat = compat
        transferBuffer.reserveCapacity(16)
    }

    @inline(__always)
    func read(_ address: UInt64, _ bytes: UInt64) -> Int {
        reads &+= 1
        readBytes &+= Int64(bytes)
        record(Transfer(address: address, bytes: UInt32(truncatingIfNeeded: bytes), isWrite: false))
        return memoryIndex
    }

    @inline(__always)
    func write(_ address: UInt64, _ bytes: UInt64) {
        writes &+= 1
        writeBytes &+= Int64(bytes)
        record(Transfer(address: address, bytes: UInt32(truncatingIfNeeded: bytes), isWrite: true))
    }

    @inline(__always)
    func record(_ transfer: Transfer) {
        if transferCount < transferBuffer.count { transferBuffer[transferCount] = transfer } else { transferBuffer.append(transfer) }
        transferCount &+= 1
    }
}
