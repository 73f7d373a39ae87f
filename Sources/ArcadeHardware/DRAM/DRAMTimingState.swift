/// The timing state of one channel: for every bank, bank group, rank and data bus, the earliest
/// cycle each command may issue there, kept up to date from the commands already issued
/// (Ramulator 2's per-node `m_cmd_ready_clk`), plus the four-activate window of each rank.
///
/// "Earliest cycle command X to bank b is legal" = the maximum over b's bank, bank group, rank and
/// bus entries for X (and, for ACT, the nFAW window). Issuing a command raises the entries its
/// constraints name to `cycle + latency`. Flat arrays, no allocation after `init`.
///
/// Banks are numbered within the channel: `((pseudoChannel · ranks + rank) · bankGroups + bankGroup) ·
/// banksPerGroup + bank`.
///
/// - Complexity: `earliest` is O(1) (four loads); `issue` is O(constraints of that command).
public struct DRAMTimingState: Sendable {
    static let commandCount = DRAMCommand.count

    let banksPerGroupShift: Int
    let banksPerRankShift: Int
    let ranksPerBus: Int
    let banksPerRank: Int
    /// [instance · commandCount + command] = earliest legal cycle.
    var bankReady: [Int64]
    var bankGroupReady: [Int64]
    var rankReady: [Int64]
    var busReady: [Int64]
    /// For each preceding command: the (scope, following, latency) effects, as flat arrays.
    let effectStart: [Int]
    let effectScope: [DRAMScope]
    let effectFollowing: [Int]
    let effectLatency: [Int64]
    /// Four-activate window: per rank, the last `fawWindow` ACT cycles (ring) and its latency.
    let fawWindow: Int
    let fawLatency: Int64
    var fawHistory: [Int64]
    var fawNext: [Int]

    public init(organization: DRAMOrganization, constraints: [DRAMTimingConstraint]) {
        let commands = Self.commandCount
        let ranks = organization.pseudoChannels * organization.ranks
        let groups = ranks * organization.bankGroups
        let banks = groups * organization.banksPerGroup
        banksPerGroupShift = organization.banksPerGroup.trailingZeroBitCount
        banksPerRankShift = organization.banksPerRank.trailingZeroBitCount
        ranksPerBus = organization.ranks
        banksPerRank = organization.banksPerRank
        let never = Int64.min / 4
        bankReady = Array(repeating: 0, count: banks * commands)
        bankGroupReady = Array(repeating: 0, count: groups * commands)
        rankReady = Array(repeating: 0, count: ranks * commands)
        busReady = Array(repeating: 0, count: organization.pseudoChannels * commands)
        var start: [Int] = []
        var scopes: [DRAMScope] = []
        var following: [Int] = []
        var latencies: [Int64] = []
        var window = 0
        var windowLatency: Int64 = 0
        for command in DRAMCommand.allCases {
            start.append(scopes.count)
            for constraint in constraints where constraint.preceding.contains(command) {
                if constraint.window > 1 {
                    precondition(constraint.preceding == [.activate] && constraint.following == [.activate],
                                 "only the ACT window (nFAW) is supported")
                    window = constraint.window
                    windowLatency = Int64(constraint.latency)
                    continue
                }
                for next in constraint.following {
                    scopes.append(constraint.scope)
                    following.append(next.rawValue)
                    latencies.append(Int64(constraint.latency))
                }
            }
        }
        start.append(scopes.count)
        effectStart = start
        effectScope = scopes
        effectFollowing = following
        effectLatency = latencies
        fawWindow = window
        fawLatency = windowLatency
        fawHistory = Array(repeating: never, count: ranks * max(window, 1))
        fawNext = Array(repeating: 0, count: ranks)
    }

    @inline(__always) func rank(ofBank bank: Int) -> Int { bank >> banksPerRankShift }
    @inline(__always) func bankGroup(ofBank bank: Int) -> Int { bank >> banksPerGroupShift }
    @inline(__always) func bus(ofRank rank: Int) -> Int { rank / ranksPerBus }

    /// The earliest cycle `command` may issue to `bank` (for rank commands — PREA, REF — any bank of
    /// the rank), given everything issued so far. May be in the past.
    @inline(__always)
    public func earliest(_ command: DRAMCommand, bank: Int) -> Int64 {
        let c = command.rawValue
        let r = rank(ofBank: bank)
        var cycle = bankReady[bank &* Self.commandCount &+ c]
        cycle = max(cycle, bankGroupReady[bankGroup(ofBank: bank) &* Self.commandCount &+ c])
        cycle = max(cycle, rankReady[r &* Self.commandCount &+ c])
        cycle = max(cycle, busReady[bus(ofRank: r) &* Self.commandCount &+ c])
        if command == .activate && fawWindow > 0 {
            cycle = max(cycle, fawHistory[r &* fawWindow &+ fawNext[r]] &+ fawLatency)
        }
        return cycle
    }

    /// Whether `command` to `bank` is legal at `cycle`.
    public func isLegal(_ command: DRAMCommand, bank: Int, at cycle: Int64) -> Bool {
        earliest(command, bank: bank) <= cycle
    }

    /// Records `command` issued to `bank` at `cycle`.
    public mutating func issue(_ command: DRAMCommand, bank: Int, at cycle: Int64) {
        let r = rank(ofBank: bank)
        let group = bankGroup(ofBank: bank)
        let bus = bus(ofRank: r)
        let commands = Self.commandCount
        for effect in effectStart[command.rawValue]..<effectStart[command.rawValue + 1] {
            let ready = cycle &+ effectLatency[effect]
            let next = effectFollowing[effect]
            switch effectScope[effect] {
            case .bank:
                let index = bank &* commands &+ next
                if bankReady[index] < ready { bankReady[index] = ready }
            case .bankGroup:
                let index = group &* commands &+ next
                if bankGroupReady[index] < ready { bankGroupReady[index] = ready }
            case .rank:
                let index = r &* commands &+ next
                if rankReady[index] < ready { rankReady[index] = ready }
            case .siblingRanks:
                let first = bus &* ranksPerBus
                for sibling in first..<(first &+ ranksPerBus) where sibling != r {
                    let index = sibling &* commands &+ next
                    if rankReady[index] < ready { rankReady[index] = ready }
                }
            case .bus:
                let index = bus &* commands &+ next
                if busReady[index] < ready { busReady[index] = ready }
            }
        }
        if command == .activate && fawWindow > 0 {
            fawHistory[r &* fawWindow &+ fawNext[r]] = cycle
            fawNext[r] = (fawNext[r] &+ 1) % fawWindow
        }
    }
}
