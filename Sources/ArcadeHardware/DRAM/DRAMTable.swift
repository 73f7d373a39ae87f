/// A fixed-size table of plain values that owns its memory: the storage of the DRAM controller's
/// hot state (timing entries, bank queues, bank states). Allocated in `init`, never resized, freed
/// in `deinit`.
///
/// Why not `Array`: the controller's step writes a dozen arrays nested two structs deep through
/// `inout self`, and every such write paid a uniqueness check (a call into the runtime) plus a
/// bounds check; closures that took buffer pointers to avoid them made the compiler copy the whole
/// controller. Moving to raw tables removed a fifth of all instructions (callgrind, 200k random
/// requests: 1.866G → 1.497G). An element access is one load or store.
///
/// `~Copyable`, after swift-collections' `UniqueArray`: a table has exactly one owner, so there are
/// no handles sharing its memory, and writes need `mutating` (exclusive) access to that owner. The
/// types that hold tables (`DRAMBankQueue`, `DRAMTimingState`, `DRAMRequestBuffer`,
/// `DRAMChannelController`) are non-copyable in turn: a second controller on the same channel
/// state cannot be made by accident. (Before, tables were pointer+count handles from an arena and a
/// copied controller silently shared its bank states.) Indices are checked with `assert`: in debug
/// builds (the tests), not in release builds.
///
/// ```swift
/// var openRow = DRAMTable<Int32>(repeating: -1, count: 16)
/// openRow[3] = 42
/// ```
/// - Complexity: element access O(1); `init` and `clone()` O(count).
struct DRAMTable<Element: BitwiseCopyable>: ~Copyable {
    private let base: UnsafeMutablePointer<Element>
    let count: Int

    init(repeating value: Element, count: Int) {
        precondition(count >= 0, "negative table size")
        base = UnsafeMutablePointer<Element>.allocate(capacity: Swift.max(count, 1))
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    init(_ values: [Element]) {
        base = UnsafeMutablePointer<Element>.allocate(capacity: Swift.max(values.count, 1))
        for (index, value) in values.enumerated() { (base + index).initialize(to: value) }
        count = values.count
    }

    private init(owning base: UnsafeMutablePointer<Element>, count: Int) {
        self.base = base
        self.count = count
    }

    /// An independent table with the same elements (the only way to duplicate one).
    func clone() -> DRAMTable<Element> {
        let copy = UnsafeMutablePointer<Element>.allocate(capacity: Swift.max(count, 1))
        copy.initialize(from: base, count: count)
        return DRAMTable(owning: copy, count: count)
    }

    deinit {
        // Elements are BitwiseCopyable: nothing to deinitialise.
        base.deallocate()
    }

    subscript(index: Int) -> Element {
        @inline(__always) unsafeAddress {
            assert(index >= 0 && index < count, "DRAMTable index \(index) out of 0..<\(count)")
            return UnsafePointer(base + index)
        }
        @inline(__always) unsafeMutableAddress {
            assert(index >= 0 && index < count, "DRAMTable index \(index) out of 0..<\(count)")
            return base + index
        }
    }

    var indices: Range<Int> { 0..<count }

    /// The elements as a read-only buffer, for the scan's loops; valid only while the table is
    /// borrowed and not written (callers use it within one scan, during which nothing writes it).
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }
}

/// Sendable because the table is its memory's only owner and writes need exclusive access to it:
/// sending one hands over the only path to the memory (as swift-collections' `UniqueArray` does).
extension DRAMTable: @unchecked Sendable where Element: Sendable {}
