import ArcadeCore
import ArcadeExplore
import ArgumentParser
import Foundation

/// `arcade merge SHARDS... --out FILE.h5`: the shard files of one sweep into one file.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge the shard files of a sweep into one file identical in content to an unsharded run.",
        discussion: """
            Every shard must come from the same sweep (same sweep_hash) and all N shards of it must be \
            given and complete; otherwise nothing is written and the missing shards are named with the \
            command that reruns them. Rows are sorted by point rank.

            Example:
              arcade merge results/tiny.shard-*-of-3.h5 --out results/tiny.h5
            """)

    @Argument(help: "Shard files (<out stem>.shard-K-of-N.h5).")
    var shards: [String]

    @Option(help: "Merged result file.")
    var out: String

    @Flag(help: "Print the summary as one JSON document.")
    var json = false

    @OptionGroup var table: TableOptions

    func run() throws {
        try OutputPath.check(out, field: "--out")
        let target = URL(fileURLWithPath: out).standardized.path
        if let shard = shards.first(where: { URL(fileURLWithPath: $0).standardized.path == target }) {
            throw InputError(field: "--out", "'\(out)' is also a shard to merge ('\(shard)'); allowed: a new file")
        }
        let result = try SweepMerge.merge(paths: shards, out: out, storage: HDF5SweepStorage())
        let summary = SweepSummary(records: result.records, space: result.space, path: out,
                                   parameterNames: result.parameterNames, objectiveNames: result.objectiveNames)
        if json {
            print(summary.json)
        } else {
            print("merged \(result.shards) shards")
            print(summary.text(width: table.width), terminator: "")
        }
    }
}
