import ArcadeCore
import CHDF5
import Foundation

/// Reads result files written by `ResultFile` (and compatible files from other tools: any
/// root datasets of rank-1 compound type with integer, float and string fields, and string
/// root attributes).
public enum ResultFileReader {
    /// The run stored at `path`, exactly as it was written: `family`, the report attributes
    /// (every root attribute except `arcade_version` and `family`), the totals from `/totals`,
    /// and every other root dataset as a table, all in the order they were written.
    ///
    /// Every read first verifies the file's content checksum when it carries one
    /// (`ContentChecksum`; pass `verifyingChecksum: false` when the caller just did), so a garbled
    /// or truncated file is a `ResultFileError`, never parsed.
    public static func read(path: String, verifyingChecksum: Bool = true) throws -> SimulationReport {
        try withFile(path, writable: false, verify: verifyingChecksum) { file, check in
            let attributes = try readAttributes(file, check)
            guard let family = attributes.first(where: { $0.key == "family" })?.value else {
                throw check.error("no 'family' attribute: not an Arcade result file")
            }
            var totals: [(key: String, value: ResultValue)] = []
            var tables: [ResultTable] = []
            for name in try datasetNames(file, check) {
                let table = try readTable(file, name: name, check)
                if name == ResultFile.totalsName {
                    guard table.rowCount == 1 else { throw check.error("'/totals' has \(table.rowCount) rows, expected 1") }
                    totals = table.columns.map { ($0.name, $0.values[0]) }
                } else {
                    tables.append(table)
                }
            }
            return SimulationReport(family: family, totals: totals, tables: tables,
                                    attributes: attributes.filter { !ResultFile.reservedAttributes.contains($0.key) })
        }
    }

    /// Every root attribute, including `arcade_version` and `family`, in creation order
    /// (name order for files written without creation-order tracking).
    public static func attributes(path: String, verifyingChecksum: Bool = true) throws -> [(key: String, value: String)] {
        try withFile(path, writable: false, verify: verifyingChecksum) { file, check in try readAttributes(file, check) }
    }

    /// One table (root dataset) by name, e.g. `layers` or `totals`.
    public static func table(_ name: String, path: String, verifyingChecksum: Bool = true) throws -> ResultTable {
        try withFile(path, writable: false, verify: verifyingChecksum) { file, check in
            guard H5Lexists(file, name, HDF5.defaultPlist) > 0 else { throw check.error("no table '\(name)'") }
            return try readTable(file, name: name, check)
        }
    }

    /// Opens `path`, runs `body` under the HDF5 lock, and closes the file.
    static func withFile<T>(_ path: String, writable: Bool, verify: Bool = true, _ body: (hid_t, H5Check) throws -> T) throws -> T {
        let check = H5Check(path: path)
        guard FileManager.default.fileExists(atPath: path) else { throw check.error("no such file") }
        if verify { try ContentChecksum.verify(path: path) }
        return try HDF5.serialized {
            let file = try check.id(H5Fopen(path, writable ? chdf5_acc_rdwr() : chdf5_acc_rdonly(), HDF5.fileAccess),
                                    "cannot open as HDF5")
            defer { H5Fclose(file) }
            return try body(file, check)
        }
    }

    /// Creation order when the file tracks it, otherwise name order.
    private static func indexType(_ tracked: Bool) -> H5_index_t { tracked ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME }

    static func readAttributes(_ object: hid_t, _ check: H5Check) throws -> [(key: String, value: String)] {
        let count = chdf5_attribute_count(object)
        guard count >= 0 else { throw check.failure("cannot list attributes") }
        var result: [(key: String, value: String)] = []
        var tracked = true
        for index in 0..<hsize_t(count) {
            var attribute = H5Aopen_by_idx(object, ".", indexType(tracked), H5_ITER_INC, index,
                                           HDF5.defaultPlist, HDF5.defaultPlist)
            if attribute < 0 && index == 0 {
                _ = chdf5_clear_errors()
                tracked = false
                attribute = H5Aopen_by_idx(object, ".", H5_INDEX_NAME, H5_ITER_INC, index, HDF5.defaultPlist, HDF5.defaultPlist)
            }
            try check.id(attribute, "cannot open attribute #\(index)")
            defer { H5Aclose(attribute) }
            let name = try cString(check, "cannot read attribute name") { H5Aget_name(attribute, $1, $0) }
            result.append((name, try readStringAttribute(attribute, name: name, check)))
        }
        return result
    }

    private static func readStringAttribute(_ attribute: hid_t, name: String, _ check: H5Check) throws -> String {
        let type = try check.id(H5Aget_type(attribute), "cannot read type of attribute '\(name)'")
        defer { H5Tclose(type) }
        let space = try check.id(H5Aget_space(attribute), "cannot read shape of attribute '\(name)'")
        defer { H5Sclose(space) }
        guard H5Tget_class(type) == H5T_STRING, H5Sget_simple_extent_npoints(space) == 1 else {
            throw check.error("attribute '\(name)' is not a single string")
        }
        if H5Tis_variable_str(type) > 0 {
            let memory = try check.id(chdf5_vlen_utf8(), "cannot create string type")
            defer { H5Tclose(memory) }
            var cell: UnsafeMutablePointer<CChar>? = nil
            try check.ok(H5Aread(attribute, memory, &cell), "cannot read attribute '\(name)'")
            defer { if let cell { H5free_memory(cell) } }
            return cell.map { String(cString: $0) } ?? ""
        }
        let size = H5Tget_size(type)
        var bytes = [UInt8](repeating: 0, count: size)
        try check.ok(H5Aread(attribute, type, &bytes), "cannot read attribute '\(name)'")
        return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// Names of the root datasets (groups and other objects are skipped), in creation order.
    static func datasetNames(_ file: hid_t, _ check: H5Check) throws -> [String] {
        var info = H5G_info_t()
        try check.ok(H5Gget_info(file, &info), "cannot list the root group")
        var tracked = true
        var names: [String] = []
        for index in 0..<info.nlinks {
            var name: String
            do {
                name = try cString(check, "cannot read link name") {
                    H5Lget_name_by_idx(file, ".", indexType(tracked), H5_ITER_INC, index, $0, $1, HDF5.defaultPlist)
                }
            } catch where tracked && index == 0 {
                tracked = false
                name = try cString(check, "cannot read link name") {
                    H5Lget_name_by_idx(file, ".", H5_INDEX_NAME, H5_ITER_INC, index, $0, $1, HDF5.defaultPlist)
                }
            }
            let object = try check.id(H5Oopen(file, name, HDF5.defaultPlist), "cannot open '\(name)'")
            defer { H5Oclose(object) }
            if H5Iget_type(object) == H5I_DATASET { names.append(name) }
        }
        return names
    }

    /// Calls an HDF5 "get name" function twice: once for the length, once for the text.
    static func cString(_ check: H5Check, _ what: String,
                        _ get: (UnsafeMutablePointer<CChar>?, Int) -> Int) throws -> String {
        let length = get(nil, 0)
        guard length >= 0 else { throw check.failure(what) }
        var buffer = [CChar](repeating: 0, count: length + 1)
        guard get(&buffer, buffer.count) >= 0 else { throw check.failure(what) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func readTable(_ file: hid_t, name: String, _ check: H5Check) throws -> ResultTable {
        let dataset = try check.id(H5Dopen2(file, name, HDF5.defaultPlist), "cannot open dataset '\(name)'")
        defer { H5Dclose(dataset) }
        return try TableDecoder.read(dataset, name: name, check)
    }
}
