/// The channel controllers of one DRAM simulation, one per channel, in a fixed buffer that owns
/// them: `DRAMChannelController` is non-copyable (it owns its tables), so it cannot live in an
/// `Array`, and a container that hands out copies would defeat the point.
///
/// ```swift
/// var channels = DRAMChannelControllers(count: 2) { _ in DRAMChannelController(…) }
/// _ = channels[1].accept(bank: 0, row: 7, sequence: 0, isWrite: false, at: 0)
/// let outcome = channels[1].step(at: channels[1].wake)
/// ```
/// - Complexity: subscript O(1) (one address computation, no copy of the controller).
struct DRAMChannelControllers: ~Copyable {
    private let base: UnsafeMutablePointer<DRAMChannelController>
    let count: Int

    init(count: Int, _ make: (_ channel: Int) -> DRAMChannelController) {
        precondition(count >= 0, "negative channel count")
        base = UnsafeMutablePointer<DRAMChannelController>.allocate(capacity: Swift.max(count, 1))
        for channel in 0..<count { (base + channel).initialize(to: make(channel)) }
        self.count = count
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    var indices: Range<Int> { 0..<count }

    /// Channel `index`'s controller, in place (reading `wake` or calling `step` copies nothing).
    subscript(index: Int) -> DRAMChannelController {
        @inline(__always) unsafeAddress {
            assert(index >= 0 && index < count, "channel \(index) out of 0..<\(count)")
            return UnsafePointer(base + index)
        }
        @inline(__always) unsafeMutableAddress {
            assert(index >= 0 && index < count, "channel \(index) out of 0..<\(count)")
            return base + index
        }
    }

    /// One value per channel, in channel order (e.g. `map { $0.stats }`).
    func map<T>(_ transform: (borrowing DRAMChannelController) throws -> T) rethrows -> [T] {
        var result: [T] = []
        result.reserveCapacity(count)
        for channel in 0..<count { result.append(try transform(base[channel])) }
        return result
    }

    /// The controllers as a mutable buffer, for the event loop's hottest path (`DRAMSimulation.drive`):
    /// valid only inside `body`.
    mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<DRAMChannelController>) throws -> R) rethrows -> R {
        try body(UnsafeMutableBufferPointer(start: base, count: count))
    }
}
