/// The timing state of one channel: for every bank, bank group, rank and data bus, the earliest
/// cycle each command may issue there, kept up to date from the commands already issued
/// (Ramulator 2's per-node `m_cmd_ready_clk`), plus the four-activate window of each rank.
///
/// "Earliest cycle command X to bank b is legal" = the maximum over b's bank, bank group, rank and
/// bus entries for X (and, for ACT, the nFAW window). Issuing a command raises the entries its
/// constraints name to `cycle + latency`. Flat tables (`DRAMTable`, owned: the state is non-copyable), no allocation
/// after `init`.
///
/// The bank and bank-group entries are kept merged, per bank (`bankPartReady`): a bank-group effect
/// raises the entry of each bank of the group. Their maximum is what every lookup needs, and the
/// scheduler reads it for many banks per step, so one load per bank, laid out command-major (the
/// banks of one command contiguous).
///
/// Banks are numbered within the channel: `((pseudoChannel · ranks + rank) · bankGroups + bankGroup) ·
/// banksPerGroup + bank`.
///
/// - Complexity: `earliest` is O(1) (four loads); `issue` is O(constraints of that command).
struct DRAMTimingState: ~Copyable, Sendable {
    static let commandCount = DRAMCommand.count
    static let scopeCount = DRAMScope.allCases.count

    let banksPerGroupShift: Int
    let banksPerRankShift: Int
    let ranksPerBus: Int
    let banksPerRank: Int
    let banksPerGroup: Int
    let banks: Int
    /// [command · banks + bank] = earliest legal cycle from the bank's and its bank group's constraints.
    private(set) var bankPartReady: DRAMTable<Int64>
    /// [instance · commandCount + command] = earliest legal cycle.
    /// The rank and data-bus entries, merged per rank like the bank and bank-group ones: a bus effect
    /// raises the entry of every rank on the bus, so a lookup is one load (it was two, and a division
    /// to find the bus).
    private(set) var rankReady: DRAMTable<Int64>
    /// For each preceding command and scope: the effects, as (table offset, latency) pairs in flat
    /// tables; [command · scopeCount + scope] starts a run. Grouped by scope so `issue` runs one plain
    /// loop per scope instead of switching on every effect. The offsets are precomputed: bank scope
    /// `following · banks` (plus the bank), bank-group scope one entry per bank of the group,
    /// `following · banks + k` (plus the group's first bank), the rank scopes `following` (plus
    /// `rank · commandCount`). With one rank per bus, bus effects are rank effects and there are no
    /// sibling ranks, so both are folded into the rank scope.
    private(set) var effectStart: DRAMTable<Int>
    private(set) var effectOffset: DRAMTable<Int>
    private(set) var effectLatency: DRAMTable<Int64>
    /// Four-activate window: per rank, the last `fawWindow` ACT cycles (ring) and its latency.
    let fawWindow: Int
    let fawLatency: Int64
    private(set) var fawHistory: DRAMTable<Int64>
    private(set) var fawNext: DRAMTable<Int>

    /// `issuable`: the commands that will ever be issued or looked up; effects on others are dropped
    /// (a controller with open pages never issues RDA/WRA, and their entries cost a store per
    /// command). Effects on the same command and scope are merged, keeping the longest latency.
    public init(organization: DRAMOrganization, constraints: [DRAMTimingConstraint],
                issuable: [DRAMCommand] = DRAMCommand.allCases) {
        let commands = Self.commandCount
        let ranks = organization.pseudoChannels * organization.ranks
        let groups = ranks * organization.bankGroups
        let banks = groups * organization.banksPerGroup
        banksPerGroupShift = organization.banksPerGroup.trailingZeroBitCount
        banksPerRankShift = organization.banksPerRank.trailingZeroBitCount
        ranksPerBus = organization.ranks
        banksPerRank = organization.banksPerRank
        let never = Int64.min / 4
        self.banksPerGroup = organization.banksPerGroup
        self.banks = banks
        bankPartReady = DRAMTable(repeating: 0, count: banks * commands)
        rankReady = DRAMTable(repeating: 0, count: ranks * commands)
        var start: [Int] = []
        var offsets: [Int] = []
        var latencies: [Int64] = []
        var window = 0
        var windowLatency: Int64 = 0
        let oneRankPerBus = organization.ranks == 1
        for command in DRAMCommand.allCases {
            for scope in DRAMScope.allCases {
                start.append(offsets.count)
                var longest = [Int64?](repeating: nil, count: commands)
                let sources: [DRAMScope] = switch scope {
                case .rank where oneRankPerBus: [.rank, .bus]
                case .siblingRanks where oneRankPerBus, .bus where oneRankPerBus: []
                default: [scope]
                }
                for constraint in constraints where constraint.preceding.contains(command) && sources.contains(constraint.scope) {
                    if constraint.window > 1 {
                        precondition(constraint.preceding == [.activate] && constraint.following == [.activate],
                                     "only the ACT window (nFAW) is supported")
                        window = constraint.window
                        windowLatency = Int64(constraint.latency)
                        continue
                    }
                    for next in constraint.following where issuable.contains(next) {
                        longest[next.rawValue] = max(longest[next.rawValue] ?? Int64.min, Int64(constraint.latency))
                    }
                }
                for next in 0..<commands {
                    guard let latency = longest[next] else { continue }
                    switch scope {
                    case .bank:
                        offsets.append(next * banks)
                        latencies.append(latency)
                    case .bankGroup:
                        for bank in 0..<organization.banksPerGroup {
                            offsets.append(next * banks + bank)
                            latencies.append(latency)
                        }
                    case .rank, .siblingRanks, .bus:
                        offsets.append(next)
                        latencies.append(latency)
                    }
                }
            }
        }
        start.append(offsets.count)
        effectStart = DRAMTable(start)
        effectOffset = DRAMTable(offsets)
        effectLatency = DRAMTable(latencies)
        fawWindow = window
        fawLatency = windowLatency
        fawHistory = DRAMTable(repeating: never, count: ranks * max(window, 1))
        fawNext = DRAMTable(repeating: 0, count: ranks)
    }

    // Masking shifts (`&>>`): the shifts are log2 of a bank count, always in 0..<64, so the result
    // is the same, but `>>` by a variable adds range checks at every inlined `earliest`. Callgrind,
    // 1M DDR4-2400 requests, whole run: random 6.749G → 6.384G instructions, stream 2.381G → 2.303G
    // (which more than paid back the +0.4% that making the tables non-copyable had cost).
    @inline(__always) func rank(ofBank bank: Int) -> Int { bank &>> banksPerRankShift }
    @inline(__always) func bankGroup(ofBank bank: Int) -> Int { bank &>> banksPerGroupShift }
    @inline(__always) func bus(ofRank rank: Int) -> Int { rank / ranksPerBus }

    /// The earliest cycle `command` may issue to `bank` (for rank commands — PREA, REF — any bank of
    /// the rank), given everything issued so far. May be in the past.
    @inline(__always)
    public func earliest(_ command: DRAMCommand, bank: Int) -> Int64 {
        max(bankPart(command, bank: bank), rankPart(command, rank: rank(ofBank: bank)))
    }

    /// The rank and bus part of `earliest` (with nFAW for ACT, folded into the rank's ACT entry at
    /// each ACT): the same for every bank of `rank`, so the scheduler reads it once per rank and
    /// class, not once per request.
    @inline(__always)
    func rankPart(_ command: DRAMCommand, rank r: Int) -> Int64 {
        rankReady[r &* Self.commandCount &+ command.rawValue]
    }

    /// The bank and bank-group part of `earliest`: `earliest = max(rankPart, bankPart)`.
    @inline(__always)
    func bankPart(_ command: DRAMCommand, bank: Int) -> Int64 {
        bankPartReady[command.rawValue &* banks &+ bank]
    }

    /// Whether `command` to `bank` is legal at `cycle`.
    public func isLegal(_ command: DRAMCommand, bank: Int, at cycle: Int64) -> Bool {
        earliest(command, bank: bank) <= cycle
    }

    /// Records `command` issued to `bank` at `cycle`. Entries are raised with `DRAMBranchFree.maximum`:
    /// whether an effect raises an entry is data-dependent, and as a branch it mispredicted about
    /// twice per command (a fifth of a run's mispredictions). `fawHistory`'s "never", Int64.min / 4,
    /// enters only plus the window latency, within its range.
    public mutating func issue(_ command: DRAMCommand, bank: Int, at cycle: Int64) {
        let r = rank(ofBank: bank)
        let groupFirst = bankGroup(ofBank: bank) &* banksPerGroup
        let bus = bus(ofRank: r)
        let commands = Self.commandCount
        let run = command.rawValue &* Self.scopeCount
        let ranksPerBus = self.ranksPerBus
        for effect in effectStart[run]..<effectStart[run &+ 1] {                          // bank
            let index = effectOffset[effect] &+ bank
            let ready = cycle &+ effectLatency[effect]
            bankPartReady[index] = DRAMBranchFree.maximum(bankPartReady[index], ready)
        }
        for effect in effectStart[run &+ 1]..<effectStart[run &+ 2] {                     // each bank of the group
            let index = effectOffset[effect] &+ groupFirst
            let ready = cycle &+ effectLatency[effect]
            bankPartReady[index] = DRAMBranchFree.maximum(bankPartReady[index], ready)
        }
        let rankFirst = r &* commands
        for effect in effectStart[run &+ 2]..<effectStart[run &+ 3] {                     // rank (and bus)
            let index = effectOffset[effect] &+ rankFirst
            let ready = cycle &+ effectLatency[effect]
            rankReady[index] = DRAMBranchFree.maximum(rankReady[index], ready)
        }
        for effect in effectStart[run &+ 3]..<effectStart[run &+ 4] {                     // sibling ranks
            let first = bus &* ranksPerBus
            let ready = cycle &+ effectLatency[effect]
            for sibling in first..<(first &+ ranksPerBus) where sibling != r {
                let index = sibling &* commands &+ effectOffset[effect]
                rankReady[index] = DRAMBranchFree.maximum(rankReady[index], ready)
            }
        }
        for effect in effectStart[run &+ 4]..<effectStart[run &+ 5] {                     // bus: every rank on it
            let first = bus &* ranksPerBus
            let ready = cycle &+ effectLatency[effect]
            for rank in first..<(first &+ ranksPerBus) {
                let index = rank &* commands &+ effectOffset[effect]
                rankReady[index] = DRAMBranchFree.maximum(rankReady[index], ready)
            }
        }
        if command == .activate && fawWindow > 0 {
            fawHistory[r &* fawWindow &+ fawNext[r]] = cycle
            fawNext[r] = fawNext[r] &+ 1 == fawWindow ? 0 : fawNext[r] &+ 1
            // The window's bound moves only here (its oldest ACT changes) and only forward, and the
            // rank entries only rise, so folding it into the ACT entry is exact: a lookup is one load.
            let windowReady = fawHistory[r &* fawWindow &+ fawNext[r]] &+ fawLatency
            let index = r &* commands &+ DRAMCommand.activate.rawValue
            rankReady[index] = DRAMBranchFree.maximum(rankReady[index], windowReady)
        }
    }
}
