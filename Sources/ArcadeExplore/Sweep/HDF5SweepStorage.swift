import ArcadeCore
import ArcadeResults
import Foundation

/// Sweep files: the complete file (and each shard, and a merged file) is a `ResultFile`
/// (attributes + `points` + `totals`) carrying a content checksum (`ContentChecksum`, in the HDF5
/// user block) that `read` verifies before HDF5 parses anything; the in-progress file is a
/// `SweepJournal` of checksummed frames. A garbled, truncated or unchecksummed complete file and a
/// corrupted journal are refused with an `InputError` naming the file.
public final class HDF5SweepStorage: SweepStorage {
    public init() {}

    public func exists(path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    public func read(path: String) throws -> (attributes: [(key: String, value: String)], table: ResultTable)? {
        guard exists(path: path) else { return nil }
        if SweepJournal.isJournal(path: path) {
            let journal = try SweepJournal.read(path: path)
            return (journal.attributes, journal.table)
        }
        let status: ContentChecksum.Status
        do {
            status = try ContentChecksum.verify(path: path)
        } catch let error as ResultFileError {
            throw InputError(file: path, "\(error.message); remove it and rerun the sweep (or shard) to recreate it")
        }
        guard status == .verified else {
            throw InputError(file: path, "carries no Arcade content checksum (it was not written by this version of Arcade's "
                             + "sweep, or its first bytes are garbled); remove it and rerun the sweep (or shard) to recreate it")
        }
        // Verified just above.
        let attributes = try ResultFileReader.attributes(path: path, verifyingChecksum: false)
            .filter { $0.key != "arcade_version" && $0.key != "arcade_format" }
        return (attributes, try ResultFileReader.table(SweepTableFormat.tableName, path: path, verifyingChecksum: false))
    }

    public func openAppending(path: String, attributes: [(key: String, value: String)], columns: [ResultColumn]) throws -> any SweepAppender {
        if !exists(path: path) { try SweepJournal.create(path: path, attributes: attributes, columns: columns) }
        return Appender(journal: try SweepJournal.Appender(path: path, columns: columns.map { ($0.name, ResultColumnKind($0.values)) }))
    }

    public func writeComplete(path: String, family: String, totals: [(key: String, value: ResultValue)],
                       attributes: [(key: String, value: String)], table: ResultTable) throws {
        try ResultFile.write(SimulationReport(family: family, totals: totals, tables: [table],
                                              attributes: SweepTableFormat.typedAttributes(attributes)),
                             to: path, softwareVersion: ArcadeVersion.current, checksummed: true)
    }

    /// `SweepLock` on `path` (`.NAME.lock` beside it). Holding it, removes the temporaries a
    /// killed writer of `path` left: `.NAME.partial.tmp` (a journal being created) and
    /// `.NAME.partial-PID` (a complete file being written), which no other process can own now.
    public func lock(path: String) throws -> AnyObject? {
        let lock = try SweepLock.acquire(for: path)
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let journalTemporary = "." + name + ".partial.tmp", resultPrefix = "." + name + ".partial-"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? [] {
            let stale = entry == journalTemporary
                || (entry.hasPrefix(resultPrefix) && !entry.dropFirst(resultPrefix.count).isEmpty
                    && entry.dropFirst(resultPrefix.count).allSatisfy(\.isNumber))
            if stale { try? FileManager.default.removeItem(atPath: directory.isEmpty ? entry : directory + "/" + entry) }
        }
        return lock
    }

    public func remove(path: String) throws {
        if exists(path: path) { try FileManager.default.removeItem(atPath: path) }
    }

    private final class Appender: SweepAppender {
        let journal: SweepJournal.Appender
        init(journal: SweepJournal.Appender) { self.journal = journal }
        func append(_ columns: [ResultColumn]) throws { try journal.append(columns) }
        func flush() throws { try journal.flush() }
        func close() throws { try journal.close() }
    }
}
