import ArcadeCore
import Foundation

/// Merges the shard files of one sweep into one file identical in content to an unsharded run.
public enum SweepMerge {
    public struct Result: Sendable {
        public var records: [SweepRecord]
        public var path: String
        public var shards: Int
        public var parameterNames: [String]
        public var objectiveNames: [String]
        public var space: String
    }

    /// `results/x.shard-2-of-8.h5` → (`results/x.h5`, 2/8), or nil when the name has no shard suffix.
    public static func baseOut(ofShardPath path: String) -> String? {
        guard let range = path.range(of: #"\.shard-[0-9]+-of-[0-9]+\."#, options: [.regularExpression, .backwards]) else { return nil }
        return path.replacingCharacters(in: range, with: ".")
    }

    /// Checks that `paths` are complete shards of one sweep with none missing, then writes `out`
    /// (rows sorted by rank, the sweep's attributes without `sweep_shard`).
    public static func merge(paths: [String], out: String, storage: any SweepStorage) throws -> Result {
        guard !paths.isEmpty else { throw InputError(field: "SHARDS", "no shard files given") }
        var hash: String?
        var count: Int?
        var attributes: [(key: String, value: String)] = []
        var family = ""
        var present: [Int: String] = [:]
        var tables: [(path: String, table: ResultTable)] = []
        for path in paths {
            guard let file = try storage.read(path: path) else {
                let partial = SweepFiles.partialPath(for: path)
                throw InputError(file: path, storage.exists(path: partial)
                                 ? "is not complete yet (its shard is still running or was interrupted: \(partial) exists)"
                                 : "no such file")
            }
            func attribute(_ key: String) -> String? { file.attributes.first { $0.key == key }?.value }
            guard let fileHash = attribute("sweep_hash") else { throw InputError(file: path, "is not an Arcade sweep file (no sweep_hash)") }
            guard let shardText = attribute("sweep_shard") else {
                throw InputError(file: path, "is not a shard (no sweep_shard attribute): it is already a whole sweep")
            }
            let shard = try SweepShard(parsing: shardText)
            if let hash, hash != fileHash {
                throw InputError(file: path, "comes from a different sweep (sweep_hash \(fileHash)) than \(paths[0]) (sweep_hash \(hash))")
            }
            if let count, count != shard.count {
                throw InputError(file: path, "is shard \(shard) but \(paths[0]) belongs to a sweep of \(count) shards")
            }
            if let other = present[shard.index] { throw InputError(file: path, "is shard \(shard) again (also \(other))") }
            hash = fileHash
            count = shard.count
            present[shard.index] = path
            if attributes.isEmpty {
                attributes = file.attributes.filter { $0.key != "family" && $0.key != "sweep_shard" }
                family = attribute("family") ?? ""
            }
            tables.append((path, file.table))
        }
        let shardCount = count!
        let missing = (1...shardCount).filter { present[$0] == nil }
        let base = baseOut(ofShardPath: paths[0]) ?? out
        func attribute(_ key: String) -> String? { attributes.first { $0.key == key }?.value }
        if !missing.isEmpty {
            let command = attribute("sweep_command") ?? "arcade sweep SPACE"
            let names = missing.map { SweepFiles.shardPath(out: base, shard: try! SweepShard(index: $0, count: shardCount)) }
            let reruns = missing.map { "  \(command) --out \(base) --shard \($0)/\(shardCount)" }
            throw InputError("missing \(missing.count) of \(shardCount) shard(s): \(names.joined(separator: ", ")). Rerun them with:\n"
                             + reruns.joined(separator: "\n")
                             + "\n(on Slurm: arcade sweep … --slurm --shards \(shardCount) resubmits only the missing shards, "
                             + "as sbatch --array=\(missing.map(String.init).joined(separator: ",")))")
        }
        // The layout every shard stores (same sweep_hash, so the same layout).
        let format = try SweepTableFormat(attributes: attributes, file: tables[0].path)
        let (parameterNames, objectiveNames) = (format.parameterNames, format.objectiveNames)
        var byRank: [Int: SweepRecord] = [:]
        for (path, table) in tables {
            for record in try format.records(table, file: path) {
                if byRank[record.rank] != nil { throw InputError(file: path, "repeats point rank \(record.rank)") }
                byRank[record.rank] = record
            }
        }
        if let expected = attribute("sweep_points").flatMap(Int.init), expected != byRank.count {
            throw InputError(file: out, "the shards hold \(byRank.count) points, the sweep has \(expected)")
        }
        let records = byRank.keys.sorted().map { byRank[$0]! }
        try storage.writeComplete(path: out, family: family, totals: SweepRunner.totals(records), attributes: attributes,
                                  table: format.table(records))
        return Result(records: records, path: out, shards: shardCount, parameterNames: parameterNames,
                      objectiveNames: objectiveNames, space: attribute("sweep_space") ?? "")
    }
}
