import ArcadeCore
import ArcadeWorkloads
import Foundation
import Testing
@testable import ArcadeHardware

/// Arcade's own cache semantics and timing, on cases worked out by hand in the comments: the
/// core's window, MSHRs, a hit on a line still in flight, a stacked level's bank conflicts, the
/// replacement policies pycachesim does not have, inclusion, and the DRAM behind the last level.
@Suite("Cache: timing and policies by hand")
struct CacheModelTests {
    static func model(_ yaml: String) throws -> CacheModel {
        try CacheModel(architecture: ConfigSection.load(yaml: "family: cache\n" + yaml, file: "arch.yaml"), sourceText: yaml)
    }

    static func run(_ yaml: String, _ trace: String, compat: Bool = false) throws -> SimulationReport {
        try model(yaml).simulate(try AddressTraceReader.parse(trace, file: "t.trace"), compat: compat)
    }

    static func int(_ report: SimulationReport, _ key: String) -> Int64? {
        if case .int(let value)? = report.total(key) { return value }
        return nil
    }

    static func double(_ report: SimulationReport, _ key: String) -> Double? {
        if case .double(let value)? = report.total(key) { return value }
        return nil
    }

    static func level(_ report: SimulationReport, _ row: Int, _ column: String) -> Int64? {
        guard let values = report.tables.first(where: { $0.name == "levels" })?.column(column), case .int(let v) = values[row]
        else { return nil }
        return v
    }

    static let oneLevel = """
        clock_ghz: 1
        outstanding_accesses: OUTSTANDING
        levels:
          - {name: L1, sets: 4, ways: 2, line_bytes: 64, replacement: lru, hit_latency_cycles: 4, mshrs: MSHRS}
        memory: {latency_cycles: 100}
        """

    static func oneLevel(outstanding: Int, mshrs: Int = 16) -> String {
        oneLevel.replacingOccurrences(of: "OUTSTANDING", with: "\(outstanding)").replacingOccurrences(of: "MSHRS", with: "\(mshrs)")
    }

    /// One access at a time: the miss of 0x0 is known after the 4-cycle lookup and goes to memory
    /// at cycle 4, back at 104; 0x8 (same line) waits for it and hits at 104 + 4 = 108; 0x40 then
    /// issues at 108, misses, reaches memory at 112 and completes at 212. AMAT (104 + 4 + 104) / 3.
    @Test func blockingCoreByHand() throws {
        let report = try Self.run(Self.oneLevel(outstanding: 1), "R 0x0 8\nR 0x8 8\nR 0x40 8\n")
        #expect(Self.int(report, "cycles") == 212)
        #expect(Self.int(report, "memory_reads") == 2)
        #expect(Self.double(report, "amat_cycles") == 212.0 / 3)
        #expect(Self.level(report, 0, "hits") == 1)
        #expect(Self.level(report, 0, "misses") == 2)
    }

    /// Two misses in flight at once (window 2): 0x0 to memory at 4 (back at 104), 0x40 issued at
    /// cycle 1, to memory at 5 (back at 105). With one MSHR the second must wait for the first line:
    /// it starts its lookup at 104, reaches memory at 108 and completes at 208.
    @Test func mshrsLimitOutstandingMisses() throws {
        let parallel = try Self.run(Self.oneLevel(outstanding: 2), "R 0x0 8\nR 0x40 8\n")
        #expect(Self.int(parallel, "cycles") == 105)
        let oneMSHR = try Self.run(Self.oneLevel(outstanding: 2, mshrs: 1), "R 0x0 8\nR 0x40 8\n")
        #expect(Self.int(oneMSHR, "cycles") == 208)
    }

    /// 0x8 is in the line 0x0 brings: a hit in the tags at cycle 1, but its data arrives with the
    /// line at 104, so it completes at 104, not at 1 + 4. AMAT (104 + 103) / 2.
    @Test func hitOnALineInFlightWaitsForIt() throws {
        let report = try Self.run(Self.oneLevel(outstanding: 2), "R 0x0 8\nR 0x8 8\n")
        #expect(Self.int(report, "cycles") == 104)
        #expect(Self.double(report, "amat_cycles") == 207.0 / 2)
        #expect(Self.level(report, 0, "hits") == 1)
    }

    /// A stacked level with one bank busy 3 cycles per access, one layer above tags on the base die
    /// (1 crossing of 2 cycles), 64-byte lines over a 64-byte link (1 cycle), memory of latency 0,
    /// window 4. Misses: 0x0 at 0 → memory at 4, back at 4; 0x40 at 1 → memory at 5, back at 5.
    /// Hits: 0x0 at 2, tags done at 6, bank free → data at 6 + 1 + 2 = 9; 0x40 at 3, tags at 7, the
    /// bank busy until 9 (2 conflict cycles) → 12; 0x0 again when the window frees at 4, tags at 8,
    /// bank busy until 12 (4 more) → 15.
    @Test func stackedBankConflictsByHand() throws {
        let yaml = """
            clock_ghz: 1
            outstanding_accesses: 4
            levels:
              - name: L1
                sets: 2
                ways: 2
                hit_latency_cycles: 4
                stacked: {layers: 1, banks_per_layer: 1, vertical_latency_cycles: 2, vertical_bytes_per_cycle: 64, bank_busy_cycles: 3}
            memory: {latency_cycles: 0}
            """
        let report = try Self.run(yaml, "R 0x0 8\nR 0x40 8\nR 0x0 8\nR 0x40 8\nR 0x0 8\n")
        #expect(Self.int(report, "cycles") == 15)
        #expect(Self.int(report, "stacked_bank_conflict_cycles") == 6)
        let layers = try #require(report.tables.first { $0.name == "layers" })
        #expect(layers.column("hits")?[0] == .int(3))
        #expect(layers.column("crossings")?[0] == .int(1))
    }

    /// The same level with two banks (sets 0 and 1 in different banks) and a 16-byte vertical link:
    /// a 64-byte line holds the link 4 cycles. The hit of 0x0 at 2 has its tags at 6, takes the
    /// link 6–10 and is back at 10 + 2 = 12; the hit of 0x40 at 3 has its tags at 7 and its bank free,
    /// but waits for the link until 10 (3 queued cycles) and is back at 16.
    @Test func stackedVerticalLinkQueuesByHand() throws {
        let yaml = """
            clock_ghz: 1
            outstanding_accesses: 4
            levels:
              - name: L1
                sets: 2
                ways: 2
                hit_latency_cycles: 4
                stacked: {layers: 1, banks_per_layer: 2, vertical_latency_cycles: 2, vertical_bytes_per_cycle: 16, bank_busy_cycles: 1}
            memory: {latency_cycles: 0}
            """
        let report = try Self.run(yaml, "R 0x0 8\nR 0x40 8\nR 0x0 8\nR 0x40 8\n")
        #expect(Self.int(report, "cycles") == 16)
        #expect(Self.int(report, "stacked_vertical_queue_cycles") == 3)
        #expect(Self.int(report, "stacked_bank_conflict_cycles") == 0)
    }

    /// `mapping: by_way`, one set of 4 ways over the base die and one layer: a new line takes the
    /// frame of the entry leaving the back of the set, so A, B, C, D land in frames 3, 2, 1, 0 —
    /// A and B in the stacked layer, C and D on the base die. One access at a time, memory of
    /// latency 0: the misses complete at 4, 8, 12, 16; A's hit (issued at 16) crosses one layer of
    /// 5 cycles after its 4-cycle lookup and a 1-cycle transfer: 26; D's hit stays on the base: 30.
    @Test func byWayMappingPutsWaysOnLayers() throws {
        let yaml = """
            clock_ghz: 1
            levels:
              - name: L1
                sets: 1
                ways: 4
                hit_latency_cycles: 4
                stacked: {layers: 1, base_holds_data: true, mapping: by_way, banks_per_layer: 1, vertical_latency_cycles: 5}
            memory: {latency_cycles: 0}
            """
        let report = try Self.run(yaml, "R 0x0\nR 0x40\nR 0x80\nR 0xc0\nR 0x0\nR 0xc0\n")
        #expect(Self.int(report, "cycles") == 30)
        let layers = try #require(report.tables.first { $0.name == "layers" })
        #expect(layers.column("hits") == .int([1, 1]))
        #expect(layers.column("crossings") == .int([0, 1]))
    }

    /// Where the tags live: on the base die a miss is known after the 4-cycle lookup and reaches
    /// memory (latency 10) at 4, back at 14; with the data in two stacked layers the lookup first
    /// crosses to the farthest layer (2 crossings of 3 cycles), so the miss leaves at 10, back at 20.
    @Test func tagsWithTheDataCostTheCrossingsOnAMiss() throws {
        let yaml = """
            clock_ghz: 1
            levels:
              - {name: L1, sets: 2, ways: 2, hit_latency_cycles: 4,
                 stacked: {layers: 2, tags: TAGS, vertical_latency_cycles: 3}}
            memory: {latency_cycles: 10}
            """
        let base = try Self.run(yaml.replacingOccurrences(of: "TAGS", with: "base"), "R 0x0 8\n")
        let withData = try Self.run(yaml.replacingOccurrences(of: "TAGS", with: "with_data"), "R 0x0 8\n")
        #expect(Self.int(base, "cycles") == 14)
        #expect(Self.int(withData, "cycles") == 20)
    }

    static let twoWays = """
        levels:
          - {name: L1, sets: 1, ways: 2, line_bytes: 64, replacement: POLICY}
        """

    /// Lines A, B, A, C, B, A in one set of 2 ways. LRU: C evicts B, B evicts A, so the last A
    /// misses — 1 hit. SRRIP: A's hit sets its RRPV to 0; C ages the set (A 1, B 3) and replaces B;
    /// B ages it again (A 2, C 3) and replaces C, so A survives — 2 hits.
    @Test func srripKeepsTheReusedLine() throws {
        let trace = "R 0x0\nR 0x40\nR 0x0\nR 0x80\nR 0x40\nR 0x0\n"
        let lru = try Self.run(Self.twoWays.replacingOccurrences(of: "POLICY", with: "lru"), trace)
        let srrip = try Self.run(Self.twoWays.replacingOccurrences(of: "POLICY", with: "srrip"), trace)
        #expect(Self.level(lru, 0, "hits") == 1)
        #expect(Self.level(srrip, 0, "hits") == 2)
    }

    /// Random replacement is seeded: the same seed gives the same run, and over a thrashing trace
    /// two seeds differ somewhere; DRRIP is deterministic too.
    @Test func randomAndDRRIPAreDeterministic() throws {
        var trace = ""
        for i in 0..<2000 { trace += "R 0x\(String((i * 7919 % 97) * 64, radix: 16))\n" }
        let random = """
            levels:
              - {name: L1, sets: 4, ways: 4, replacement: random, seed: SEED}
            """
        let a = try Self.run(random.replacingOccurrences(of: "SEED", with: "1"), trace)
        let b = try Self.run(random.replacingOccurrences(of: "SEED", with: "1"), trace)
        let c = try Self.run(random.replacingOccurrences(of: "SEED", with: "2"), trace)
        #expect(a == b)
        #expect(Self.level(a, 0, "hits") != Self.level(c, 0, "hits"))
        let drrip = "levels:\n  - {name: L1, sets: 128, ways: 4, replacement: drrip}\n"
        #expect(try Self.run(drrip, trace) == (try Self.run(drrip, trace)))
    }

    /// L1 of 4 ways over an inclusive L2 of 2 (one set each): A, B, C — L2 evicts A for C and takes
    /// it out of L1 too, so the fourth access, A, misses in L1; bringing A back, L2 evicts B and
    /// takes it out of L1 as well: 2 back-invalidations. Non-inclusive, L1 still has A.
    @Test func inclusiveLevelBackInvalidates() throws {
        let yaml = """
            levels:
              - {name: L1, sets: 1, ways: 4}
              - {name: L2, sets: 1, ways: 2, inclusion: INCLUSION}
            """
        let trace = "R 0x0\nR 0x40\nR 0x80\nR 0x0\n"
        let inclusive = try Self.run(yaml.replacingOccurrences(of: "INCLUSION", with: "inclusive"), trace)
        let plain = try Self.run(yaml.replacingOccurrences(of: "INCLUSION", with: "non_inclusive"), trace)
        #expect(Self.level(inclusive, 0, "hits") == 0)
        #expect(Self.level(inclusive, 1, "back_invalidations") == 2)
        #expect(Self.level(plain, 0, "hits") == 1)
    }

    /// L1 of 2 ways over an exclusive L2 of 2 (one set each): A, B and C miss everywhere and only
    /// L1 keeps them; C evicts A from L1 into L2; A then hits in L2 and moves up, evicting B into L2.
    /// Memory reads: 3 (non-inclusive: 4, L2 having lost A to C).
    @Test func exclusiveLevelIsAVictimCache() throws {
        let yaml = """
            levels:
              - {name: L1, sets: 1, ways: 2}
              - {name: L2, sets: 1, ways: 2, inclusion: INCLUSION}
            """
        let trace = "R 0x0\nR 0x40\nR 0x80\nR 0x0\n"
        let exclusive = try Self.run(yaml.replacingOccurrences(of: "INCLUSION", with: "exclusive"), trace)
        #expect(Self.level(exclusive, 1, "hits") == 1)
        #expect(Self.level(exclusive, 1, "misses") == 3)
        #expect(Self.level(exclusive, 1, "victim_fills") == 2)
        #expect(Self.int(exclusive, "memory_reads") == 3)
        let plain = try Self.run(yaml.replacingOccurrences(of: "INCLUSION", with: "non_inclusive"), trace)
        #expect(Self.int(plain, "memory_reads") == 4)
    }

    /// Where Arcade's own counts differ from pycachesim's (the README's table): a store hit counts
    /// as a hit (pycachesim counts hits of loads only); a write-back no-allocate store miss goes
    /// below (pycachesim inserts the line dirty without loading it).
    @Test func ownCountsDifferFromPycachesimWhereDocumented() throws {
        let yaml = """
            levels:
              - {name: L1, sets: 4, ways: 2, write_allocate: false}
              - {name: L2, sets: 16, ways: 4}
            """
        let trace = "W 0x0 8\nW 0x0 8\nR 0x0 8\n"
        let own = try Self.run(yaml, trace)
        let compat = try Self.run(yaml, trace, compat: true)
        // Own: the stores miss L1 and go to L2 (2 write-throughs), the load misses and fills.
        #expect(Self.level(own, 0, "hits") == 0)
        #expect(Self.level(own, 0, "write_throughs") == 2)
        // pycachesim: the first store inserts 0x0 dirty, so the second store and the load hit L1
        // (the load is its only HIT); L2 sees only the dirty line's write-back at the end.
        #expect(Self.level(compat, 0, "hits") == 1)
        #expect(Self.level(compat, 1, "stores") == 1)
        #expect(Self.level(own, 1, "accesses") == 3)
    }

    /// The last level's misses through the DRAM component: every line read is one DRAM read per
    /// access of the DRAM's size, and the DRAM's own report comes with the run.
    @Test func missesGoToTheDRAMComponent() throws {
        let root = FamilyConformance.repositoryRoot
        let model = try HardwareRegistry.loadArchitecture(path: root + "/Architectures/cache/a64fx-cmg.yaml")
        let report = try model.simulate(workloadPath: root + "/Workloads/traces/matmul.lackey.gz", options: SimulationOptions())
        let channels = try #require(report.tables.first { $0.name == "dram_channels" })
        guard case .int(let reads)? = channels.column("reads") else { Issue.record("no reads column"); return }
        // A64FX lines are 256 B; the HBM2 preset's accesses are 32 B: 8 DRAM reads per line.
        let accessBytes = Int64(try #require(model as? CacheModel).dramAccessBytes ?? 0)
        #expect(reads.reduce(0, +) == Self.int(report, "memory_reads")! * 256 / accessBytes)
        #expect(Self.double(report, "dram_energy_nj")! > 0)
    }

    /// `layer_kib`: the level's sets follow from the base die plus the layers, and the layers'
    /// shares from their capacities — 32 KiB on the base die + 3 × 64 KiB = 224 KiB = 448 sets of
    /// 8 × 64 B, shares [1, 2, 2, 2]; 0 layers leave the base die alone.
    @Test func layerCapacitySetsTheLevelsSize() throws {
        let yaml = """
            levels:
              - name: L3
                sets: 64
                set_index: modulo
                ways: 8
                stacked: {layers: LAYERS, layer_kib: 64, base_holds_data: true}
            """
        let three = try Self.model(yaml.replacingOccurrences(of: "LAYERS", with: "3")).architecture.levels[0]
        #expect(three.sets == 448)
        #expect(three.stacked?.shares == [1, 2, 2, 2])
        let none = try Self.model(yaml.replacingOccurrences(of: "LAYERS", with: "0")).architecture.levels[0]
        #expect(none.sets == 64)
        #expect(none.stacked?.dataLayers == 1)
        // 448 sets is not a power of two: without set_index: modulo that is an error naming sets.
        let error = try #require(throws: InputError.self) {
            try Self.model(yaml.replacingOccurrences(of: "LAYERS", with: "3").replacingOccurrences(of: "    set_index: modulo\n", with: ""))
        }
        #expect(error.field == "levels.0.sets")
    }

    /// The same inputs give the same report, bit for bit (the run is deterministic).
    @Test func runsAreDeterministic() throws {
        let root = FamilyConformance.repositoryRoot
        let model = try HardwareRegistry.loadArchitecture(path: root + "/Architectures/cache/tiny-3level.yaml")
        let path = root + "/Workloads/traces/bfs.lackey.gz"
        #expect(try model.simulate(workloadPath: path, options: SimulationOptions())
                == (try model.simulate(workloadPath: path, options: SimulationOptions())))
    }
}
