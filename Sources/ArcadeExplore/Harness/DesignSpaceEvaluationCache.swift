import ArcadeCore
import Foundation

/// Results already simulated, keyed by (point, simulator version), shared by every caller of one
/// evaluator — so a comparison of ten agents × five seeds never simulates a point twice.
/// Thread-safe: a lock around a dictionary (lookups are ~100 ns next to ms-long simulations).
public final class DesignSpaceEvaluationCache: @unchecked Sendable {
    struct Key: Hashable {
        var point: [Int]
        var simulatorVersion: String
    }

    public typealias Entry = (evaluation: Evaluation, failure: String?)

    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private var simulations = 0
    private var hits = 0
    /// Changing the simulator changes results, so entries of another version never match.
    public let simulatorVersion: String

    public init(simulatorVersion: String = ArcadeVersion.current) {
        self.simulatorVersion = simulatorVersion
    }

    /// Simulations run so far (each point at most once).
    public var simulationsRun: Int { lock.withLock { simulations } }
    /// Requests answered from the cache (including repeats within one batch).
    public var cacheHits: Int { lock.withLock { hits } }
    public var count: Int { lock.withLock { entries.count } }

    /// The cached entry of `point`, counting a hit when found.
    func lookup(_ point: [Int]) -> Entry? {
        lock.withLock {
            guard let entry = entries[Key(point: point, simulatorVersion: simulatorVersion)] else { return nil }
            hits += 1
            return entry
        }
    }

    func countHit() { lock.withLock { hits += 1 } }

    func store(_ entry: Entry, for point: [Int], simulated: Bool) {
        lock.withLock {
            entries[Key(point: point, simulatorVersion: simulatorVersion)] = entry
            if simulated { simulations += 1 }
        }
    }
}
