import ArcadeCore
import ArcadeWorkloads
import Testing
@testable import ArcadeHardware

/// The core's first-level-hit shortcuts against the general path (every access planned, MSHRs
/// and all): the same report, bit for bit, on shipped hierarchies (one with an L1I and a DRAM, one
/// with a stacked last level, a window of 1 and of 16) and real-program traces.
@Suite("Cache: fast paths equal the general path")
struct CacheFastPathTests {
    static let cases: [(architecture: String, trace: String)] = [
        ("Architectures/cache/zen3-5800x.yaml", "Workloads/traces/bfs.lackey.gz"),
        ("Architectures/cache/tiny-3level.yaml", "Workloads/traces/sort.lackey.gz"),
        ("Tests/ArcadeHardwareTests/Fixtures/cache/pycachesim/hierarchies/l3-small.yaml", "Workloads/traces/matmul.lackey.gz"),
        ("Architectures/cache/stacked-study.yaml", "Workloads/traces/gzip.lackey.gz"),
    ]

    @Test(arguments: cases.indices)
    func sameReportWithAndWithoutShortcuts(_ index: Int) throws {
        let root = FamilyConformance.repositoryRoot
        let (architecture, tracePath) = Self.cases[index]
        let model = try #require(try HardwareRegistry.loadArchitecture(path: root + "/" + architecture) as? CacheModel)
        let trace = try AddressTraceReader.read(path: root + "/" + tracePath)
        let fast = try model.simulate(trace, fastPaths: true)
        let general = try model.simulate(trace, fastPaths: false)
        #expect(fast == general, "\(architecture) on \(tracePath)")
        #expect(fast.total("cycles") == general.total("cycles"))
    }

    /// Arcade's own counts add up on every case: the first data level sees every data access of
    /// the trace (an M as two), and at every level hits + misses = accesses and loads + stores = accesses.
    @Test(arguments: cases.indices)
    func ownCountsAddUp(_ index: Int) throws {
        let root = FamilyConformance.repositoryRoot
        let (architecture, tracePath) = Self.cases[index]
        let model = try #require(try HardwareRegistry.loadArchitecture(path: root + "/" + architecture) as? CacheModel)
        let trace = try AddressTraceReader.read(path: root + "/" + tracePath)
        let report = try model.simulate(trace)
        let levels = try #require(report.tables.first { $0.name == "levels" })
        func column(_ name: String) -> [Int64] {
            if case .int(let values)? = levels.column(name) { return values }
            return []
        }
        let accesses = column("accesses"), hits = column("hits"), misses = column("misses")
        let loadHits = column("load_hits"), loadMisses = column("load_misses")
        let storeHits = column("store_hits"), storeMisses = column("store_misses")
        #expect(accesses.first == Int64(trace.dataAccesses))
        for row in 0..<levels.rowCount {
            #expect(hits[row] + misses[row] == accesses[row])
            #expect(loadHits[row] + loadMisses[row] + storeHits[row] + storeMisses[row] == accesses[row])
        }
    }
}
