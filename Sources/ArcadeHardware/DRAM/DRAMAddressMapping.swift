import ArcadeCore

/// Where a request goes inside the memory system.
public struct DRAMLocation: Equatable, Sendable {
    public var channel: Int
    public var pseudoChannel: Int
    public var rank: Int
    public var bankGroup: Int
    public var bank: Int
    public var row: Int
    public var column: Int

    public init(channel: Int = 0, pseudoChannel: Int = 0, rank: Int = 0, bankGroup: Int = 0, bank: Int = 0,
                row: Int = 0, column: Int = 0) {
        self.channel = channel
        self.pseudoChannel = pseudoChannel
        self.rank = rank
        self.bankGroup = bankGroup
        self.bank = bank
        self.row = row
        self.column = column
    }
}

/// An address mapping named like Ramulator's: two-letter fields from the MOST significant bits
/// (left) to the least (right), above the access offset. `RoBaRaCoCh` = row | bank | rank | column |
/// channel | 64-byte offset. Fields: Ro row, Ba bank, Bg bank group, Ra rank, Pc pseudo-channel,
/// Co column (in accesses: columns / burst length), Ch channel.
/// Ro, Ba, Ra, Co, Ch are required. Without `Bg`, `Ba` stands for bank then bank group (bank group
/// in the lower bits, as Ramulator 2 slices them); without `Pc`, `Ra` stands for rank then
/// pseudo-channel. Any order is allowed, so the bank-group-interleaved variants are simply names
/// such as `RoBaRaCoBgCh` or `RoBaBgRaCoCh`.
public struct DRAMAddressMapping: Equatable, Sendable {
    public enum Field: String, CaseIterable, Sendable {
        case row = "Ro", bank = "Ba", bankGroup = "Bg", rank = "Ra", pseudoChannel = "Pc", column = "Co", channel = "Ch"
    }

    public let name: String
    /// Fields from least to most significant, with their bit widths.
    public let layout: [(field: Field, bits: Int)]
    public let offsetBits: Int
    public let totalBits: Int

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.name == rhs.name && lhs.offsetBits == rhs.offsetBits }

    /// Parses `name` for `organization`; the message says what is wrong (the caller adds file/line).
    public init(name: String, organization: DRAMOrganization) throws(MappingError) {
        var tokens: [Field] = []
        var rest = Substring(name)
        while !rest.isEmpty {
            let token = rest.prefix(2)
            guard let field = Field.allCases.first(where: { $0.rawValue.lowercased() == token.lowercased() }) else {
                throw MappingError("'\(name)': '\(token)' is not a field; fields are "
                                   + Field.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard !tokens.contains(field) else { throw MappingError("'\(name)' names \(field.rawValue) twice") }
            tokens.append(field)
            rest = rest.dropFirst(2)
        }
        for required in [Field.row, .bank, .rank, .column, .channel] where !tokens.contains(required) {
            throw MappingError("'\(name)' lacks \(required.rawValue); required: Ro, Ba, Ra, Co, Ch (Bg, Pc optional)")
        }
        var expanded: [Field] = []
        for token in tokens {
            expanded.append(token)
            if token == .bank && !tokens.contains(.bankGroup) { expanded.append(.bankGroup) }
            if token == .rank && !tokens.contains(.pseudoChannel) { expanded.append(.pseudoChannel) }
        }
        func bits(_ count: Int) -> Int { count.trailingZeroBitCount }
        let widths: [Field: Int] = [
            .row: bits(organization.rows), .bank: bits(organization.banksPerGroup),
            .bankGroup: bits(organization.bankGroups), .rank: bits(organization.ranks),
            .pseudoChannel: bits(organization.pseudoChannels), .column: bits(organization.accessesPerRow),
            .channel: bits(organization.channels),
        ]
        self.name = name
        layout = expanded.reversed().map { ($0, widths[$0]!) }
        offsetBits = bits(organization.accessBytes)
        totalBits = layout.reduce(0) { $0 + $1.bits }
    }

    public struct MappingError: Error, Sendable {
        public var message: String
        init(_ message: String) { self.message = message }
    }

    /// Decodes a byte address; nil when it lies beyond the capacity.
    @inline(__always)
    public func decode(_ address: UInt64) -> DRAMLocation? {
        var rest = address >> UInt64(offsetBits)
        var location = DRAMLocation()
        for (field, bits) in layout {
            let value = Int(rest & ((1 << UInt64(bits)) - 1))
            rest >>= UInt64(bits)
            switch field {
            case .row: location.row = value
            case .bank: location.bank = value
            case .bankGroup: location.bankGroup = value
            case .rank: location.rank = value
            case .pseudoChannel: location.pseudoChannel = value
            case .column: location.column = value
            case .channel: location.channel = value
            }
        }
        return rest == 0 ? location : nil
    }

    /// The byte address (offset 0) of `location`: the inverse of `decode`.
    public func encode(_ location: DRAMLocation) -> UInt64 {
        var address: UInt64 = 0
        var shift = UInt64(offsetBits)
        for (field, bits) in layout {
            let value: Int
            switch field {
            case .row: value = location.row
            case .bank: value = location.bank
            case .bankGroup: value = location.bankGroup
            case .rank: value = location.rank
            case .pseudoChannel: value = location.pseudoChannel
            case .column: value = location.column
            case .channel: value = location.channel
            }
            address |= UInt64(value) << shift
            shift += UInt64(bits)
        }
        return address
    }
}

/// Where each field of a mapping lies in a byte address, as shift and mask: `DRAMAddressMapping.decode`
/// for many addresses, without walking the layout per address (the walk cost ~185 instructions per
/// request, ~3% of a DRAM run, on the 1M-request benchmark traces).
struct DRAMAddressSlices {
    struct Slice {
        var shift: UInt64 = 0
        var mask: UInt64 = 0
        @inline(__always) func value(of address: UInt64) -> Int { Int((address &>> shift) & mask) }
    }

    var channel = Slice(), pseudoChannel = Slice(), rank = Slice(), bankGroup = Slice(), bank = Slice(), row = Slice()
    /// Addresses with any bit at or above this one lie beyond the capacity.
    let endShift: UInt64

    init(_ mapping: DRAMAddressMapping) {
        var shift = UInt64(mapping.offsetBits)
        for (field, bits) in mapping.layout {
            let slice = Slice(shift: shift, mask: (1 << UInt64(bits)) &- 1)
            switch field {
            case .channel: channel = slice
            case .pseudoChannel: pseudoChannel = slice
            case .rank: rank = slice
            case .bankGroup: bankGroup = slice
            case .bank: bank = slice
            case .row: row = slice
            case .column: break
            }
            shift += UInt64(bits)
        }
        endShift = shift
    }

    /// Whether `address` lies within the capacity (as `decode` returning non-nil).
    @inline(__always) func contains(_ address: UInt64) -> Bool { endShift >= 64 || address &>> endShift == 0 }
}
