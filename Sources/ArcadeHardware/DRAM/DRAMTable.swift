/// A fixed-size table of plain values: the storage of the DRAM controller's hot state (timing
/// entries, bank queues, bank states). Allocated once from a `DRAMTableArena`, never resized,
/// freed with the arena.
///
/// Why not `Array`: the controller's step writes a dozen arrays nested two structs deep through
/// `inout self`, and every such write paid a uniqueness check (a call into the runtime) plus a
/// bounds check; closures that took buffer pointers to avoid them made the compiler copy the whole
/// controller. Moving to tables removed a fifth of all instructions (callgrind, 200k random
/// requests: 1.866G → 1.497G). A table is a pointer and a count, with no reference count (its
/// arena is owned once, by the struct that made it), so passing or copying one costs nothing and an
/// element access is one load or store.
///
/// REFERENCE semantics: copies of a table (and so of a `DRAMBankQueue`, `DRAMTimingState` or
/// `DRAMChannelController`) are handles on the same storage, not snapshots. Nothing in the
/// simulator copies a controller to keep an old state. Indices are checked in debug builds (the
/// tests), not in release builds.
struct DRAMTable<Element: BitwiseCopyable>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    fileprivate init(base: UnsafeMutablePointer<Element>, count: Int) {
        self.base = base
        self.count = count
    }

    subscript(index: Int) -> Element {
        @inline(__always) unsafeAddress {
            assert(index >= 0 && index < count, "DRAMTable index \(index) out of 0..<\(count)")
            return UnsafePointer(base + index)
        }
        @inline(__always) nonmutating unsafeMutableAddress {
            assert(index >= 0 && index < count, "DRAMTable index \(index) out of 0..<\(count)")
            return base + index
        }
    }

    var indices: Range<Int> { 0..<count }

    /// The elements as a read-only buffer (for the scan's loops).
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

}

/// Owns the memory of the `DRAMTable`s made from it; the struct that makes them keeps the arena as
/// a stored property, so the tables live exactly as long as their owner's copies.
final class DRAMTableArena: @unchecked Sendable {
    private var allocations: [UnsafeMutableRawPointer] = []

    init() {}

    func table<Element: BitwiseCopyable>(repeating value: Element, count: Int) -> DRAMTable<Element> {
        precondition(count >= 0, "negative table size")
        let base = UnsafeMutablePointer<Element>.allocate(capacity: Swift.max(count, 1))
        base.initialize(repeating: value, count: count)
        allocations.append(UnsafeMutableRawPointer(base))
        return DRAMTable(base: base, count: count)
    }

    func table<Element: BitwiseCopyable>(_ values: [Element]) -> DRAMTable<Element> {
        let base = UnsafeMutablePointer<Element>.allocate(capacity: Swift.max(values.count, 1))
        for (index, value) in values.enumerated() { (base + index).initialize(to: value) }
        allocations.append(UnsafeMutableRawPointer(base))
        return DRAMTable(base: base, count: values.count)
    }

    deinit {
        for allocation in allocations { allocation.deallocate() }
    }
}
