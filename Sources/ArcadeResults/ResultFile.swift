import ArcadeCore
import CHDF5
import Foundation

/// Writes one simulation run to one HDF5 file that h5py/pandas read without Arcade.
///
/// On-disk layout (HDF5 1.10 format; root links and attributes keep creation order):
///
/// - Root attributes, scalars, in this order: `arcade_version` and `family` (strings: the software
///   that wrote the file, the hardware family), `arcade_format` (integer, `formatVersion`), then
///   every `SimulationReport.attributes` entry in report order, typed: text as variable-length
///   UTF-8 strings (e.g. `architecture` and `workload` hold the full source text of the inputs),
///   integers as int64, floats as float64, flags as the boolean enum below.
/// - Every dataset carries a `units` attribute: an array of strings aligned with its fields
///   (`"cycles"`, `"µs"`, `"nJ"`, `"%"`; `""` where a field has no unit).
/// - `/<group>` for each `SimulationReport.groups` entry: an HDF5 group of typed scalar attributes
///   (structured settings such as the DRAM timing), with a `units` array aligned with them.
/// - `/totals`: a compound dataset of shape (1,), one field per total in report order.
///   A one-row table rather than a group of scalar attributes because it keeps the order and
///   the types, and pandas reads it with the same one-liner as every other table. Omitted when
///   the report has no totals (HDF5 compound types need at least one field).
/// - `/<table name>` (e.g. `/layers`): one compound dataset of shape (rows,) per table, in report
///   order, one field per column in column order. Field types: `.int` → 64-bit little-endian
///   signed integer, `.double` → IEEE 64-bit float, `.string` → variable-length UTF-8 string,
///   `.bool` → 8-bit enum {FALSE = 0, TRUE = 1} (h5py's boolean, so pandas gets `bool`).
///   Tables may have zero rows, but not zero columns.
///
/// Format 1 (before `arcade_format` existed) stored every attribute as a string, flags as 0/1
/// integers and no units; `ResultFileReader` still reads it and `formatVersion(path:)` says 1.
///
/// Reading a table in Python (h5py returns strings as UTF-8 `bytes`):
/// ```python
/// df = pandas.DataFrame(h5py.File(p)["layers"][()])
/// df = df.apply(lambda c: c.str.decode("utf-8") if c.dtype == object else c)  # bytes -> str
/// ```
///
/// Names: tables may not be called `totals`, contain `/`, or repeat; report attributes may not
/// be called `arcade_version` or `family`; strings may not contain NUL. Such reports are rejected
/// with a `ResultFileError` and no file is written.
public enum ResultFile {
    /// Writes `report` to `path` atomically: the file is built as `.<name>.partial-<pid>` in the
    /// destination directory and renamed over `path` only when complete, so a crash or error
    /// never leaves a half-written file at `path`. Missing directories are created.
    ///
    /// - Throws: `ResultFileError` naming the path and what failed.
    ///
    /// - Parameter checksummed: reserve an HDF5 user block and stamp a checksum of the whole
    ///   content into it before the rename (`ContentChecksum`), so readers (`ResultFileReader`,
    ///   sweep resume and merge) refuse a garbled or truncated file before parsing it. h5py and
    ///   h5dump read such files unchanged. On by default.
    public static func write(_ report: SimulationReport, to path: String, softwareVersion: String,
                             checksummed: Bool = true) throws {
        try write(report, to: path, softwareVersion: softwareVersion, checksummed: checksummed, beforeRename: {})
    }

    /// Reserved root-attribute names written by Arcade itself.
    static let reservedAttributes = ["arcade_version", "family", "arcade_format"]
    /// The layout version written in `arcade_format`: 2 = typed attributes, units, booleans, groups.
    public static let formatVersion: Int64 = 2
    /// Name of the totals dataset, which no table may use.
    static let totalsName = "totals"

    /// `write`, with a hook run after the temporary file is complete and before the rename,
    /// so tests can simulate a failure at the last possible moment.
    static func write(_ report: SimulationReport, to path: String, softwareVersion: String, checksummed: Bool = true,
                      beforeRename: () throws -> Void) throws {
        let check = H5Check(path: path)
        try validate(report, check)
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path
        try createDirectories(directory.path, check)
        // Everything from creating the temporary to renaming or removing it stays under the HDF5
        // lock: two threads writing the same path in one process share the temporary name.
        try HDF5.serialized {
            do {
                try writeFile(report, temporary: temporary, softwareVersion: softwareVersion, checksummed: checksummed, check)
                if checksummed { try ContentChecksum.stamp(path: temporary) }
                try beforeRename()
                if rename(temporary, path) != 0 {
                    throw check.error("cannot rename \(temporary) to \(path): \(String(cString: strerror(errno)))")
                }
            } catch {
                unlink(temporary)
                throw error
            }
        }
    }

    private static func validate(_ report: SimulationReport, _ check: H5Check) throws {
        for (key, _) in report.attributes {
            try validateName(key, what: "attribute", check)
            if reservedAttributes.contains(key) { throw check.error("attribute name '\(key)' is reserved for Arcade") }
        }
        try rejectDuplicates(report.attributes.map(\.key), what: "attribute", check)
        try rejectDuplicates(report.totals.map(\.key), what: "total", check)
        for key in report.totals.map(\.key) { try validateName(key, what: "total", check) }
        for table in report.tables {
            try validateName(table.name, what: "table", slashAllowed: false, check)
            if table.name == totalsName { throw check.error("table name '\(totalsName)' is reserved for the totals") }
            if table.columns.isEmpty { throw check.error("table '\(table.name)' has no columns") }
            for column in table.columns { try validateName(column.name, what: "column", check) }
            try rejectDuplicates(table.columns.map(\.name), what: "column in table '\(table.name)'", check)
        }
        try rejectDuplicates(report.tables.map(\.name), what: "table", check)
        for group in report.groups {
            try validateName(group.name, what: "group", slashAllowed: false, check)
            for attribute in group.attributes {
                try validateName(attribute.key, what: "attribute in group '\(group.name)'", check)
                if attribute.key == "units" { throw check.error("group '\(group.name)': attribute name 'units' is reserved") }
            }
            try rejectDuplicates(group.attributes.map(\.key), what: "attribute in group '\(group.name)'", check)
        }
        try rejectDuplicates(report.tables.map(\.name) + report.groups.map(\.name) + [totalsName],
                             what: "table or group", check)
    }

    private static func writeFile(_ report: SimulationReport, temporary: String, softwareVersion: String,
                                  checksummed: Bool, _ check: H5Check) throws {
        // Track creation order so attributes and tables read back in the order they were written.
        let fcpl = try check.id(H5Pcreate(chdf5_file_create_plist()), "cannot create file properties")
        defer { H5Pclose(fcpl) }
        try check.ok(H5Pset_attr_creation_order(fcpl, chdf5_crt_order_tracked_indexed()), "cannot set attribute order")
        try check.ok(H5Pset_link_creation_order(fcpl, chdf5_crt_order_tracked_indexed()), "cannot set link order")
        if checksummed {
            try check.ok(H5Pset_userblock(fcpl, hsize_t(ContentChecksum.userBlockBytes)), "cannot reserve the checksum block")
        }
        let file = try check.id(H5Fcreate(temporary, chdf5_acc_trunc(), fcpl, HDF5.fileAccess),
                                "cannot create temporary file \(temporary)")
        do {
            try writeStringAttribute(file, "arcade_version", softwareVersion, check)
            try writeStringAttribute(file, "family", report.family, check)
            try writeAttribute(file, "arcade_format", .int(formatVersion), check)
            for (key, value) in report.attributes { try writeAttribute(file, key, value, check) }
            if !report.totals.isEmpty {
                let columns = report.totals.map { total in
                    ResultColumn(total.key, ResultColumnValues(single: total.value), unit: report.totalUnits[total.key] ?? "")
                }
                try writeTable(file, name: totalsName, columns: columns, rowCount: 1, check)
            }
            for table in report.tables {
                try writeTable(file, name: table.name, columns: table.columns, rowCount: table.rowCount, check)
            }
            for group in report.groups { try writeGroup(file, group, check) }
        } catch {
            H5Fclose(file)
            throw error
        }
        try check.ok(H5Fclose(file), "cannot finish writing \(temporary)")
    }

    /// A scalar variable-length UTF-8 string attribute (h5py reads it as `str`).
    static func writeStringAttribute(_ object: hid_t, _ name: String, _ value: String, _ check: H5Check) throws {
        if value.utf8.contains(0) { throw check.error("attribute '\(name)': strings may not contain NUL characters") }
        let type = try check.id(chdf5_vlen_utf8(), "cannot create string type")
        defer { H5Tclose(type) }
        let space = try check.id(H5Screate(H5S_SCALAR), "cannot create scalar dataspace")
        defer { H5Sclose(space) }
        let attribute = try check.id(H5Acreate2(object, name, type, space, HDF5.defaultPlist, HDF5.defaultPlist),
                                     "cannot create attribute '\(name)'")
        defer { H5Aclose(attribute) }
        try value.withCString { pointer in
            var cell: UnsafePointer<CChar>? = pointer
            try check.ok(H5Awrite(attribute, type, &cell), "cannot write attribute '\(name)'")
        }
    }

    /// A scalar attribute of `value`'s type: int64, float64, variable-length UTF-8, or the boolean enum.
    static func writeAttribute(_ object: hid_t, _ name: String, _ value: ResultValue, _ check: H5Check) throws {
        let type: hid_t
        switch value {
        case .string(let text): return try writeStringAttribute(object, name, text, check)
        case .int: type = try check.id(H5Tcopy(chdf5_native_int64()), "cannot create integer type")
        case .double: type = try check.id(H5Tcopy(chdf5_native_double()), "cannot create float type")
        case .bool: type = try check.id(chdf5_bool_enum(), "cannot create boolean type")
        }
        defer { H5Tclose(type) }
        let space = try check.id(H5Screate(H5S_SCALAR), "cannot create scalar dataspace")
        defer { H5Sclose(space) }
        let attribute = try check.id(H5Acreate2(object, name, type, space, HDF5.defaultPlist, HDF5.defaultPlist),
                                     "cannot create attribute '\(name)'")
        defer { H5Aclose(attribute) }
        switch value {
        case .int(var number): try check.ok(H5Awrite(attribute, type, &number), "cannot write attribute '\(name)'")
        case .double(var number): try check.ok(H5Awrite(attribute, type, &number), "cannot write attribute '\(name)'")
        case .bool(let flag):
            var byte: Int8 = flag ? 1 : 0
            try check.ok(H5Awrite(attribute, type, &byte), "cannot write attribute '\(name)'")
        case .string: break
        }
    }

    /// A one-dimensional array of variable-length UTF-8 strings (the `units` of a table or group).
    static func writeStringArrayAttribute(_ object: hid_t, _ name: String, _ values: [String], _ check: H5Check) throws {
        guard !values.isEmpty else { return }
        if let bad = values.first(where: { $0.utf8.contains(0) }) {
            throw check.error("attribute '\(name)': '\(bad)' contains a NUL character")
        }
        let type = try check.id(chdf5_vlen_utf8(), "cannot create string type")
        defer { H5Tclose(type) }
        var dims = [hsize_t(values.count)]
        let space = try check.id(H5Screate_simple(1, &dims, nil), "cannot create dataspace for attribute '\(name)'")
        defer { H5Sclose(space) }
        let attribute = try check.id(H5Acreate2(object, name, type, space, HDF5.defaultPlist, HDF5.defaultPlist),
                                     "cannot create attribute '\(name)'")
        defer { H5Aclose(attribute) }
        let copies = values.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        var cells: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) }
        try check.ok(H5Awrite(attribute, type, &cells), "cannot write attribute '\(name)'")
    }

    /// `/<name>`: a group whose typed attributes are the settings, plus their `units`.
    private static func writeGroup(_ file: hid_t, _ group: ResultGroup, _ check: H5Check) throws {
        let gcpl = try check.id(H5Pcreate(chdf5_group_create_plist()), "cannot create group properties")
        defer { H5Pclose(gcpl) }
        try check.ok(H5Pset_attr_creation_order(gcpl, chdf5_crt_order_tracked_indexed()), "cannot set attribute order")
        let id = try check.id(H5Gcreate2(file, group.name, HDF5.defaultPlist, gcpl, HDF5.defaultPlist),
                              "cannot create group '\(group.name)'")
        defer { H5Gclose(id) }
        for attribute in group.attributes { try writeAttribute(id, attribute.key, attribute.value, check) }
        try writeStringArrayAttribute(id, "units", group.attributes.map(\.unit), check)
    }

    /// One fixed-size compound dataset holding all rows of a table.
    private static func writeTable(_ file: hid_t, name: String, columns: [ResultColumn], rowCount: Int,
                                   _ check: H5Check) throws {
        let rows = try PackedRows(columns, rowCount: rowCount, table: name, check)
        let type = try makeRowType(columns.map { ($0.name, ResultColumnKind($0.values)) }, check)
        defer { H5Tclose(type) }
        var dims = [hsize_t(rowCount)]
        let space = try check.id(H5Screate_simple(1, &dims, nil), "cannot create dataspace for '\(name)'")
        defer { H5Sclose(space) }
        let dataset = try check.id(H5Dcreate2(file, name, type, space, HDF5.defaultPlist, HDF5.defaultPlist,
                                              HDF5.defaultPlist), "cannot create dataset '\(name)'")
        defer { H5Dclose(dataset) }
        if rowCount > 0 {
            try check.ok(H5Dwrite(dataset, type, chdf5_all(), chdf5_all(), HDF5.defaultPlist, rows.bytes),
                         "cannot write dataset '\(name)'")
        }
        try writeStringArrayAttribute(dataset, "units", columns.map(\.unit), check)
    }
}
