import ArcadeKernel

/// An off-chip memory of independent channels (HBM pseudo-channels, DDR channels), each a server
/// that moves `bytesPerMicrosecond` and answers `latency` after the transaction's last byte. A
/// transaction goes to channel `address >> channelShift` (so an engine binds each of its buffers to
/// a channel, as an FPGA kernel binds each AXI port to an HBM pseudo-channel, AMD UG1393 "HBM") and
/// is served after the ones that reached that channel before it. Never refuses.
///
/// This is the memory an FPGA board's datasheet describes (channels × GB/s, latency), not a DRAM
/// command model: row misses, refresh and bus turnarounds are in the `dram` family; a board's
/// usable HBM bandwidth is the figure the vendor measures, not the pin rate. Time is exact in
/// picoseconds: `bytes` take ⌈bytes × 10⁶ / bytesPerMicrosecond⌉ ps.
public final class ChannelBandwidthMemory: MemoryTarget {
    public static let channelShift: UInt64 = 40

    public let name: String
    public var id: Int32 = -1
    public let channels: Int
    public let bytesPerMicrosecond: UInt64
    public let latency: Picoseconds
    /// When each channel has moved every byte it accepted so far.
    var freeAt: [Picoseconds]
    public private(set) var bytesPerChannel: [UInt64]
    public private(set) var busyPerChannel: [Picoseconds]
    public private(set) var transactions = 0

    /// - Precondition: `channels ≥ 1`, `bytesPerMicrosecond ≥ 1` (the device file's parser checks them).
    public init(name: String = "memory", channels: Int, bytesPerMicrosecond: UInt64, latency: Picoseconds) {
        precondition(channels >= 1 && bytesPerMicrosecond >= 1, "a memory needs a channel and a bandwidth")
        self.name = name
        self.channels = channels
        self.bytesPerMicrosecond = bytesPerMicrosecond
        self.latency = latency
        freeAt = Array(repeating: 0, count: channels)
        bytesPerChannel = Array(repeating: 0, count: channels)
        busyPerChannel = Array(repeating: 0, count: channels)
    }

    /// The address of `offset` in channel `channel` (the memory serves channel numbers modulo its channel count).
    public static func address(channel: Int, offset: UInt64) -> UInt64 {
        UInt64(channel) << channelShift | (offset & ((1 << channelShift) - 1))
    }

    /// Picoseconds a channel takes to move `bytes`.
    public func transferTime(bytes: UInt64) -> Picoseconds {
        (bytes * 1_000_000 + bytesPerMicrosecond - 1) / bytesPerMicrosecond
    }

    public var isFinished: Bool { true }
    public var status: String { "idle" }

    public func accept(_ transaction: MemoryTransaction, from port: MemoryPort, at now: Picoseconds,
                       scheduler: inout Scheduler<ComponentEvent>) -> Bool {
        let channel = Int(transaction.address >> Self.channelShift) % channels
        let transfer = transferTime(bytes: UInt64(transaction.bytes))
        let done = max(now, freeAt[channel]) + transfer
        freeAt[channel] = done
        bytesPerChannel[channel] += UInt64(transaction.bytes)
        busyPerChannel[channel] += transfer
        transactions += 1
        port.respond(id: transaction.id, at: done + latency, scheduler: &scheduler)
        return true
    }

    public func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {}
}
