import Foundation

/// Checks a file the user asked Arcade to write (`--out`, `--plot`) before any work starts and
/// before any file is created, so a bad path is an `InputError` (exit 2) that leaves nothing behind.
///
/// ```swift
/// try OutputPath.check("results/run.h5", field: "--out")   // fine: results/ may not exist yet
/// try OutputPath.check("", field: "--out")                 // error: an empty path
/// ```
public enum OutputPath {
    /// Throws when `path` is empty, ends in `/`, is an existing directory, or lies under a folder
    /// that exists but cannot be written (the nearest existing ancestor must be a writable directory;
    /// missing folders below it are created later, when the file is written). Creates nothing.
    public static func check(_ path: String, field: String) throws {
        guard !path.isEmpty else { throw InputError(field: field, "is empty; allowed: a file path such as results/run.h5") }
        guard !path.utf8.contains(0) else { throw InputError(field: field, "contains a NUL character") }
        guard !path.hasSuffix("/") else {
            throw InputError(field: field, "'\(path)' names a folder; allowed: a file path such as \(path)run.h5")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw InputError(field: field, "'\(path)' is a folder; allowed: a file path such as \(path)/run.h5")
        }
        try checkNearestFolder(of: path, field: field)
    }

    /// Checks a folder the user asked Arcade to write files into (`--csv DIR`, `--report-dir DIR`):
    /// throws when `path` is empty or an existing file, or when the folder (or, while it does not
    /// exist yet, its nearest existing ancestor) is not a writable folder. Creates nothing.
    public static func checkDirectory(_ path: String, field: String) throws {
        guard !path.isEmpty else { throw InputError(field: field, "is empty; allowed: a folder path such as results/csv") }
        guard !path.utf8.contains(0) else { throw InputError(field: field, "contains a NUL character") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw InputError(field: field, "'\(path)' is a file; allowed: a folder (created when missing)")
            }
            guard FileManager.default.isWritableFile(atPath: path) else {
                throw InputError(field: field, "cannot write into '\(path)': the folder is not writable")
            }
            return
        }
        try checkNearestFolder(of: path, field: field)
    }

    /// The nearest existing ancestor of `path` must be a writable folder.
    private static func checkNearestFolder(of path: String, field: String) throws {
        var isDirectory: ObjCBool = false
        var ancestor = (path as NSString).deletingLastPathComponent
        while true {
            let folder = ancestor.isEmpty ? "." : ancestor
            if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else {
                    throw InputError(field: field, "cannot write '\(path)': '\(folder)' is a file, not a folder")
                }
                guard FileManager.default.isWritableFile(atPath: folder) else {
                    throw InputError(field: field, "cannot write '\(path)': folder '\(folder)' is not writable")
                }
                return
            }
            let parent = (ancestor as NSString).deletingLastPathComponent
            if parent == ancestor || ancestor.isEmpty { return }
            ancestor = parent
        }
    }
}

/// Writes the files of one output folder (`--csv DIR`, `--report-dir DIR`), checked beforehand
/// with `OutputPath.checkDirectory`.
public enum OutputFolder {
    /// Writes each file into `directory` (created when missing), each atomically (a temporary beside
    /// it, then renamed), so a reader never sees half a file. Returns the paths written.
    @discardableResult
    public static func write(_ files: [(name: String, contents: String)], into directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try files.map { file in
            let path = (directory as NSString).appendingPathComponent(file.name)
            try Data(file.contents.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            return path
        }
    }
}
