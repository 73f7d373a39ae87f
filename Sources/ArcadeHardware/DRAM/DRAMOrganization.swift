/// How one DRAM system is built: channels down to columns, and the data bus.
///
/// Counts are per parent level (banks per bank group, bank groups per rank, …). `columns` counts
/// device columns (as JEDEC and Ramulator do); one column command moves `burstLength` of them, so a
/// row holds `columns / burstLength` accesses of `accessBytes` each.
public struct DRAMOrganization: Equatable, Sendable {
    public var channels: Int
    /// HBM pseudo-channels per channel (1 = none): independent banks and data bus, shared command bus.
    public var pseudoChannels: Int
    public var ranks: Int
    public var bankGroups: Int
    public var banksPerGroup: Int
    public var rows: Int
    public var columns: Int
    /// Data bits of one device (x4/x8/x16/x128…).
    public var deviceWidth: Int
    /// Data bits of one (pseudo-)channel's bus.
    public var busWidth: Int
    /// Beats per column access (BL8, BL16, …).
    public var burstLength: Int

    public init(channels: Int, pseudoChannels: Int = 1, ranks: Int, bankGroups: Int, banksPerGroup: Int, rows: Int,
                columns: Int, deviceWidth: Int, busWidth: Int, burstLength: Int) {
        self.channels = channels
        self.pseudoChannels = pseudoChannels
        self.ranks = ranks
        self.bankGroups = bankGroups
        self.banksPerGroup = banksPerGroup
        self.rows = rows
        self.columns = columns
        self.deviceWidth = deviceWidth
        self.busWidth = busWidth
        self.burstLength = burstLength
    }

    public static var fields: [(name: String, keyPath: WritableKeyPath<DRAMOrganization, Int>)] { [
        ("channels", \.channels), ("pseudo_channels", \.pseudoChannels), ("ranks", \.ranks),
        ("bank_groups", \.bankGroups), ("banks_per_group", \.banksPerGroup), ("rows", \.rows),
        ("columns", \.columns), ("device_width", \.deviceWidth), ("bus_width", \.busWidth),
        ("burst_length", \.burstLength),
    ] }

    /// Bytes one column command moves: bus width × burst length.
    public var accessBytes: Int { busWidth / 8 * burstLength }
    /// Column commands per row.
    public var accessesPerRow: Int { columns / burstLength }
    public var banksPerRank: Int { bankGroups * banksPerGroup }
    /// Banks behind one channel's controller (all pseudo-channels and ranks).
    public var banksPerChannel: Int { pseudoChannels * ranks * banksPerRank }
    /// Devices side by side on one rank's bus.
    public var devicesPerRank: Int { max(1, busWidth / deviceWidth) }
    /// Bytes of the whole system; nil when it overflows 2^48 (no real system is that large).
    public var capacityBytes: Int? { capacityOverflowField == nil ? product().total : nil }

    /// The field at which the running product of the levels exceeds 2^48 bytes, or nil.
    var capacityOverflowField: String? { product().overflowField }

    private func product() -> (total: Int, overflowField: String?) {
        var total = 1
        let factors: [(String, Int)] = [("channels", channels), ("pseudo_channels", pseudoChannels), ("ranks", ranks),
                                        ("bank_groups", bankGroups), ("banks_per_group", banksPerGroup), ("rows", rows),
                                        ("columns", accessesPerRow), ("bus_width", accessBytes)]
        for (field, factor) in factors {
            let (product, overflow) = total.multipliedReportingOverflow(by: factor)
            if overflow || product > Self.maxCapacityBytes { return (total, field) }
            total = product
        }
        return (total, nil)
    }

    static let maxCapacityBytes = 1 << 48
    /// The event loop visits every channel at every event (HBM3 has 16).
    static let maxChannels = 1 << 10
    /// Every bank of every channel has its own entries in the controllers' tables (DDR5 with four
    /// ranks has 128): 2^20 banks are about 10^8 bytes of tables. A million channels of 16 banks
    /// took 7 GB and minutes before the first request (issue 11).
    static let maxBanks = 1 << 20

    /// The field at which channels × pseudo-channels × ranks × bank groups × banks exceeds `maxBanks`.
    var bankCountOverflowField: String? {
        var total = 1
        for (field, factor) in [("channels", channels), ("pseudo_channels", pseudoChannels), ("ranks", ranks),
                                ("bank_groups", bankGroups), ("banks_per_group", banksPerGroup)] {
            let (product, overflow) = total.multipliedReportingOverflow(by: factor)
            if overflow || product > Self.maxBanks { return field }
            total = product
        }
        return nil
    }

    /// The first inconsistency, as (field, message), or nil. Every level that takes address bits
    /// must be a power of two; the bus must carry whole devices and whole bytes.
    public func inconsistency() -> (field: String, message: String)? {
        for (name, keyPath) in Self.fields where self[keyPath: keyPath] < 1 {
            return (name, "must be ≥ 1, found \(self[keyPath: keyPath])")
        }
        let addressed: [(String, Int)] = [("channels", channels), ("pseudo_channels", pseudoChannels), ("ranks", ranks),
                                         ("bank_groups", bankGroups), ("banks_per_group", banksPerGroup),
                                         ("rows", rows), ("columns", columns), ("burst_length", burstLength)]
        for (name, value) in addressed where value & (value - 1) != 0 {
            return (name, "\(value) is not a power of two; the address mapping needs whole address bits")
        }
        if burstLength > columns {
            return ("burst_length", "burst length \(burstLength) exceeds the \(columns) columns of a row")
        }
        if busWidth % 8 != 0 || busWidth % deviceWidth != 0 {
            return ("bus_width", "\(busWidth) bits must be whole bytes and a multiple of device_width \(deviceWidth)")
        }
        if accessBytes & (accessBytes - 1) != 0 {
            return ("bus_width", "an access of \(accessBytes) bytes (bus_width/8 × burst_length) is not a power of two")
        }
        if let field = capacityOverflowField {
            return (field, "the organisation holds more than 2^48 bytes (capacity overflow)")
        }
        if channels > Self.maxChannels {
            return ("channels", "\(channels) channels are too many; channels must be ≤ 2^10 (\(Self.maxChannels))")
        }
        if let field = bankCountOverflowField {
            return (field, "the organisation has more than 2^20 (\(Self.maxBanks)) banks in all (channels × "
                        + "pseudo_channels × ranks × bank_groups × banks_per_group); at most 2^20 are allowed")
        }
        return nil
    }
}
