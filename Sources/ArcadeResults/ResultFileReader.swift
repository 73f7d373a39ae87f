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
            guard case .string(let family)? = attributes.first(where: { $0.key == "family" })?.value else {
                throw check.error("no 'family' attribute: not an Arcade result file")
            }
            var totals: [(key: String, value: ResultValue)] = []
            var totalUnits: [String: String] = [:]
            var tables: [ResultTable] = []
            for name in try datasetNames(file, check) {
                let table = try readTable(file, name: name, check)
                if name == ResultFile.totalsName {
                    guard table.rowCount == 1 else { throw check.error("'/totals' has \(table.rowCount) rows, expected 1") }
                    totals = table.columns.map { ($0.name, $0.values[0]) }
                    for column in table.columns where !column.unit.isEmpty { totalUnits[column.name] = column.unit }
                } else {
                    tables.append(table)
                }
            }
            return SimulationReport(family: family, totals: totals, tables: tables,
                                    attributes: attributes.filter { !ResultFile.reservedAttributes.contains($0.key) },
                                    totalUnits: totalUnits, groups: try readGroups(file, check))
        }
    }

    /// `read`, but only for a file that carries an Arcade content checksum that matches: files from
    /// users (`arcade report`) are never handed to libhdf5 unverified, since it can crash or hang on
    /// a damaged file (fuzz/FINDINGS.md). Every file Arcade writes carries one.
    public static func readVerified(path: String) throws -> SimulationReport {
        guard FileManager.default.fileExists(atPath: path) else { throw ResultFileError(path: path, "no such file") }
        guard try ContentChecksum.verify(path: path) == .verified else {
            throw ResultFileError(path: path, "carries no Arcade content checksum, so its integrity cannot be checked before "
                                  + "HDF5 parses it (it was not written by Arcade, or by a version before checksums, or its "
                                  + "first bytes are damaged); only result files Arcade wrote can be read here")
        }
        return try read(path: path, verifyingChecksum: false)
    }

    /// Every root attribute, including `arcade_version` and `family`, in creation order
    /// (name order for files written without creation-order tracking), numbers and flags as text.
    public static func attributes(path: String, verifyingChecksum: Bool = true) throws -> [(key: String, value: String)] {
        try withFile(path, writable: false, verify: verifyingChecksum) { file, check in
            try readAttributes(file, check).map { ($0.key, $0.value.description) }
        }
    }

    /// The layout version of the file at `path`: its `arcade_format` attribute, or 1 for files
    /// written before it existed (string attributes, no units, flags as 0/1 integers).
    public static func formatVersion(path: String, verifyingChecksum: Bool = true) throws -> Int64 {
        try withFile(path, writable: false, verify: verifyingChecksum) { file, check in
            guard H5Aexists(file, "arcade_format") > 0 else { return 1 }
            let attribute = try check.id(H5Aopen(file, "arcade_format", HDF5.defaultPlist), "cannot open attribute 'arcade_format'")
            defer { H5Aclose(attribute) }
            guard case .int(let version) = try readAttribute(attribute, name: "arcade_format", check) else {
                throw check.error("attribute 'arcade_format' is not an integer")
            }
            return version
        }
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

    static func readAttributes(_ object: hid_t, _ check: H5Check) throws -> [(key: String, value: ResultValue)] {
        let count = chdf5_attribute_count(object)
        guard count >= 0 else { throw check.failure("cannot list attributes") }
        var result: [(key: String, value: ResultValue)] = []
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
            // Array attributes (a table's or group's `units`) describe the object; they are read with it.
            if name == "units", try isArray(attribute, check) { continue }
            result.append((name, try readAttribute(attribute, name: name, check)))
        }
        return result
    }

    private static func isArray(_ attribute: hid_t, _ check: H5Check) throws -> Bool {
        let space = try check.id(H5Aget_space(attribute), "cannot read shape of an attribute")
        defer { H5Sclose(space) }
        return H5Sget_simple_extent_ndims(space) == 1
    }

    /// A scalar attribute: integer → `.int`, float → `.double`, h5py boolean → `.bool`, string → `.string`.
    static func readAttribute(_ attribute: hid_t, name: String, _ check: H5Check) throws -> ResultValue {
        let type = try check.id(H5Aget_type(attribute), "cannot read type of attribute '\(name)'")
        defer { H5Tclose(type) }
        let space = try check.id(H5Aget_space(attribute), "cannot read shape of attribute '\(name)'")
        defer { H5Sclose(space) }
        guard H5Sget_simple_extent_npoints(space) == 1 else { throw check.error("attribute '\(name)' is not a single value") }
        switch H5Tget_class(type) {
        case H5T_INTEGER:
            var number: Int64 = 0
            try check.ok(H5Aread(attribute, chdf5_native_int64(), &number), "cannot read attribute '\(name)'")
            return .int(number)
        case H5T_FLOAT:
            var number = 0.0
            try check.ok(H5Aread(attribute, chdf5_native_double(), &number), "cannot read attribute '\(name)'")
            return .double(number)
        case H5T_ENUM where TableDecoder.isBooleanEnum(type):
            let memory = try check.id(chdf5_bool_enum(), "cannot create boolean type")
            defer { H5Tclose(memory) }
            var byte: Int8 = 0
            try check.ok(H5Aread(attribute, memory, &byte), "cannot read attribute '\(name)'")
            return .bool(byte != 0)
        case H5T_STRING: return .string(try readStringAttribute(attribute, type: type, name: name, check))
        default: throw check.error("attribute '\(name)' is not a number, flag or string")
        }
    }

    private static func readStringAttribute(_ attribute: hid_t, type: hid_t, name: String, _ check: H5Check) throws -> String {
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

    /// A one-dimensional string array attribute (`units`), or nil when the object has none.
    static func stringArrayAttribute(_ object: hid_t, _ name: String, _ check: H5Check) throws -> [String]? {
        guard H5Aexists(object, name) > 0 else { return nil }
        let attribute = try check.id(H5Aopen(object, name, HDF5.defaultPlist), "cannot open attribute '\(name)'")
        defer { H5Aclose(attribute) }
        let type = try check.id(H5Aget_type(attribute), "cannot read type of attribute '\(name)'")
        defer { H5Tclose(type) }
        let space = try check.id(H5Aget_space(attribute), "cannot read shape of attribute '\(name)'")
        defer { H5Sclose(space) }
        guard H5Tget_class(type) == H5T_STRING, H5Tis_variable_str(type) > 0, H5Sget_simple_extent_ndims(space) == 1 else {
            return nil
        }
        let count = Int(H5Sget_simple_extent_npoints(space))
        let memory = try check.id(chdf5_vlen_utf8(), "cannot create string type")
        defer { H5Tclose(memory) }
        var cells = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
        try check.ok(H5Aread(attribute, memory, &cells), "cannot read attribute '\(name)'")
        defer { cells.forEach { if let cell = $0 { H5free_memory(cell) } } }
        return cells.map { $0.map { String(cString: $0) } ?? "" }
    }

    /// Every root group as a `ResultGroup` of its typed attributes (and their units), in creation order.
    static func readGroups(_ file: hid_t, _ check: H5Check) throws -> [ResultGroup] {
        try linkNames(file, check).filter { $0.type == H5I_GROUP }.map { name, _ in
            let group = try check.id(H5Gopen2(file, name, HDF5.defaultPlist), "cannot open group '\(name)'")
            defer { H5Gclose(group) }
            let units = try stringArrayAttribute(group, "units", check) ?? []
            let attributes = try readAttributes(group, check)
            return ResultGroup(name: name, attributes: attributes.enumerated().map { index, attribute in
                ResultAttribute(attribute.key, attribute.value, unit: index < units.count ? units[index] : "")
            })
        }
    }

    /// Names of the root datasets (groups and other objects are skipped), in creation order.
    static func datasetNames(_ file: hid_t, _ check: H5Check) throws -> [String] {
        try linkNames(file, check).filter { $0.type == H5I_DATASET }.map(\.name)
    }

    /// Every root link with the type of its object, in creation order (name order when untracked).
    static func linkNames(_ file: hid_t, _ check: H5Check) throws -> [(name: String, type: H5I_type_t)] {
        var info = H5G_info_t()
        try check.ok(H5Gget_info(file, &info), "cannot list the root group")
        var tracked = true
        var names: [(name: String, type: H5I_type_t)] = []
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
            names.append((name, H5Iget_type(object)))
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
