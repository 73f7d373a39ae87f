/// One memory access of a program: what a cache hierarchy is driven by.
public struct AddressAccess: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        /// An instruction fetch (valgrind lackey's `I`): counted for MPKI, sent to an L1I if there is one.
        case instruction
        case load
        case store
        /// Lackey's `M`: a load and then a store of the same bytes (a read-modify-write instruction).
        case modify
    }

    public var address: UInt64
    public var bytes: UInt32
    public var kind: Kind

    @inlinable
    public init(address: UInt64, bytes: UInt32, kind: Kind) {
        self.address = address
        self.bytes = bytes
        self.kind = kind
    }
}

/// A program's memory accesses in program order, as read from a valgrind lackey log or a plain
/// `R|W 0xADDR [size]` file (`AddressTraceReader`).
public struct AddressTrace: Sendable, Equatable {
    public enum Format: String, Sendable {
        /// `valgrind --tool=lackey --trace-mem=yes`: `I  addr,size`, ` L addr,size`, ` S …`, ` M …`.
        case lackey
        /// `R 0x1000 8` / `W 0x1000` (size optional, 1 byte by default).
        case plain
    }

    public var name: String
    public var format: Format
    public var accesses: [AddressAccess]
    /// Lines of each kind (`M` counts once here).
    public var instructions = 0
    public var loads = 0
    public var stores = 0
    public var modifies = 0

    public init(name: String, format: Format, accesses: [AddressAccess]) {
        self.name = name
        self.format = format
        self.accesses = accesses
        for access in accesses {
            switch access.kind {
            case .instruction: instructions += 1
            case .load: loads += 1
            case .store: stores += 1
            case .modify: modifies += 1
            }
        }
    }

    /// Data accesses as a cache sees them: loads, stores and each `M` as a load plus a store.
    public var dataAccesses: Int { loads + stores + 2 * modifies }
}
