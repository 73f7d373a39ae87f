import ArcadeCore
import CHDF5
import Foundation

/// A table that grows batch by batch and survives reopening: the per-design-point table of a
/// sweep, written while the sweep runs and continued when it is resumed.
///
/// On disk it is a root dataset `/<name>` with the same compound row type as `ResultFile`'s
/// tables (so `ResultFileReader.table` and the pandas one-liner read it), but chunked with an
/// unlimited maximum length (`H5S_UNLIMITED`); `append` extends it with `H5Dset_extent` and
/// writes the new rows into a hyperslab.
///
/// Unlike `ResultFile.write` the file is updated in place, not written aside and renamed: call
/// `flush()` after each batch you want to survive a crash. HDF5 1.10 does not guarantee a file
/// interrupted between flushes is readable, so a resuming sweep should trust `rowCount` only
/// from a file that opens cleanly.
///
/// ```swift
/// let points = try AppendableTable(path: "sweep.h5", table: "design_points",
///                                  columns: [("rows", .int), ("cycles", .int), ("mapping", .string)])
/// try points.append([ResultColumn("rows", .int([32])), ResultColumn("cycles", .int([1200])),
///                    ResultColumn("mapping", .string(["os"]))])
/// try points.flush()
/// ```
/// Not thread-safe: use one instance from one task at a time.
public final class AppendableTable {
    public let path: String
    public let name: String
    /// Column names and kinds, in field order.
    public let columns: [(name: String, kind: ResultColumnKind)]
    /// Rows in the table, including those appended before the file was reopened.
    public private(set) var rowCount: Int

    private var file: hid_t = -1
    private var dataset: hid_t = -1
    private var rowType: hid_t = -1
    private let check: H5Check

    /// Opens table `name` in `path` for appending, creating the file (with its directories)
    /// and the table when missing. An existing table must have exactly these columns.
    ///
    /// - Parameter chunkRows: rows per HDF5 chunk, the unit of storage growth and I/O.
    public convenience init(path: String, table name: String, columns: [(name: String, kind: ResultColumnKind)],
                            chunkRows: Int = 1024) throws {
        try self.init(path: path, table: name, columns: columns, chunkRows: chunkRows, mustExist: false)
    }

    /// Reopens an existing table read-write to continue appending; its columns come from the file.
    public convenience init(reopening path: String, table name: String) throws {
        try self.init(path: path, table: name, columns: nil, chunkRows: 1024, mustExist: true)
    }

    private init(path: String, table name: String, columns wanted: [(name: String, kind: ResultColumnKind)]?,
                 chunkRows: Int, mustExist: Bool) throws {
        self.path = path
        self.name = name
        let check = H5Check(path: path)
        self.check = check
        try validateName(name, what: "table", slashAllowed: false, check)
        if let wanted {
            guard !wanted.isEmpty else { throw check.error("table '\(name)' has no columns") }
            for column in wanted { try validateName(column.name, what: "column", check) }
            try rejectDuplicates(wanted.map(\.name), what: "column in table '\(name)'", check)
        }
        guard chunkRows > 0 else { throw check.error("chunkRows must be positive, got \(chunkRows)") }
        let exists = FileManager.default.fileExists(atPath: path)
        if mustExist && !exists { throw check.error("no such file") }
        if !exists { try createDirectories((path as NSString).deletingLastPathComponent.nonEmpty ?? ".", check) }

        var opened: (file: hid_t, dataset: hid_t, rowType: hid_t, columns: [(name: String, kind: ResultColumnKind)], rows: Int)
        opened = try HDF5.serialized {
            let file = try exists ? Self.openFile(path, check) : Self.createFile(path, check)
            do {
                let dataset: hid_t
                if H5Lexists(file, name, HDF5.defaultPlist) > 0 {
                    dataset = try check.id(H5Dopen2(file, name, HDF5.defaultPlist), "cannot open table '\(name)'")
                } else if let wanted {
                    dataset = try Self.createDataset(file, name, wanted, chunkRows, check)
                } else {
                    throw check.error("no table '\(name)'")
                }
                do {
                    let fields = try TableDecoder.fields(dataset, name: name, check)
                    if let bad = fields.first(where: { $0.fixedSize != nil }) {
                        throw check.error("table '\(name)', field '\(bad.name)': fixed-length strings cannot be appended to")
                    }
                    let found = fields.map { (name: $0.name, kind: $0.kind) }
                    if let wanted, !found.elementsEqual(wanted, by: { $0.name == $1.name && $0.kind == $1.kind }) {
                        throw check.error("table '\(name)' exists with columns \(Self.describe(found)), not \(Self.describe(wanted))")
                    }
                    let rows = try TableDecoder.rowCount(dataset, name: name, check)
                    let rowType = try makeRowType(found, check)
                    return (file, dataset, rowType, found, rows)
                } catch {
                    H5Dclose(dataset)
                    throw error
                }
            } catch {
                H5Fclose(file)
                throw error
            }
        }
        (file, dataset, rowType, columns, rowCount) = opened
    }

    deinit { try? close() }

    /// Appends rows given column-major, one column per table column in order, all of equal length.
    public func append(_ rows: [ResultColumn]) throws {
        guard dataset >= 0 else { throw check.error("table '\(name)' is closed") }
        let given = rows.map { (name: $0.name, kind: ResultColumnKind($0.values)) }
        guard given.elementsEqual(columns, by: { $0.name == $1.name && $0.kind == $1.kind }) else {
            throw check.error("rows for '\(name)' have columns \(Self.describe(given)), expected \(Self.describe(columns))")
        }
        let count = rows.first?.values.count ?? 0
        let packed = try PackedRows(rows, rowCount: count, table: name, check)
        if count == 0 { return }
        try HDF5.serialized {
            var newSize = [hsize_t(rowCount + count)]
            try check.ok(H5Dset_extent(dataset, &newSize), "cannot extend table '\(name)'")
            let fileSpace = try check.id(H5Dget_space(dataset), "cannot read shape of '\(name)'")
            defer { H5Sclose(fileSpace) }
            var start = [hsize_t(rowCount)], length = [hsize_t(count)]
            try check.ok(H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, &start, nil, &length, nil),
                         "cannot select rows of '\(name)'")
            let memorySpace = try check.id(H5Screate_simple(1, &length, nil), "cannot create dataspace")
            defer { H5Sclose(memorySpace) }
            try check.ok(H5Dwrite(dataset, rowType, memorySpace, fileSpace, HDF5.defaultPlist, packed.bytes),
                         "cannot append to table '\(name)'")
        }
        rowCount += count
    }

    /// Pushes everything appended so far to disk.
    public func flush() throws {
        guard file >= 0 else { throw check.error("table '\(name)' is closed") }
        try HDF5.serialized { try check.ok(H5Fflush(file, H5F_SCOPE_LOCAL), "cannot flush") }
    }

    /// Closes the table and its file. Further appends throw; closing twice is harmless.
    public func close() throws {
        guard file >= 0 else { return }
        try HDF5.serialized {
            H5Tclose(rowType)
            H5Dclose(dataset)
            let status = H5Fclose(file)
            (rowType, dataset, file) = (-1, -1, -1)
            try check.ok(status, "cannot close")
        }
    }

    private static func createFile(_ path: String, _ check: H5Check) throws -> hid_t {
        let fcpl = try check.id(H5Pcreate(chdf5_file_create_plist()), "cannot create file properties")
        defer { H5Pclose(fcpl) }
        try check.ok(H5Pset_attr_creation_order(fcpl, chdf5_crt_order_tracked_indexed()), "cannot set attribute order")
        try check.ok(H5Pset_link_creation_order(fcpl, chdf5_crt_order_tracked_indexed()), "cannot set link order")
        return try check.id(H5Fcreate(path, chdf5_acc_excl(), fcpl, HDF5.fileAccess), "cannot create file")
    }

    private static func openFile(_ path: String, _ check: H5Check) throws -> hid_t {
        try check.id(H5Fopen(path, chdf5_acc_rdwr(), HDF5.fileAccess), "cannot open as HDF5 for writing")
    }

    private static func createDataset(_ file: hid_t, _ name: String, _ columns: [(name: String, kind: ResultColumnKind)],
                                      _ chunkRows: Int, _ check: H5Check) throws -> hid_t {
        let type = try makeRowType(columns, check)
        defer { H5Tclose(type) }
        var dims = [hsize_t(0)], maxDims = [chdf5_unlimited()], chunk = [hsize_t(chunkRows)]
        let space = try check.id(H5Screate_simple(1, &dims, &maxDims), "cannot create dataspace")
        defer { H5Sclose(space) }
        let dcpl = try check.id(H5Pcreate(chdf5_dataset_create_plist()), "cannot create dataset properties")
        defer { H5Pclose(dcpl) }
        try check.ok(H5Pset_chunk(dcpl, 1, &chunk), "cannot set chunk size")
        return try check.id(H5Dcreate2(file, name, type, space, HDF5.defaultPlist, dcpl, HDF5.defaultPlist),
                            "cannot create table '\(name)'")
    }

    private static func describe(_ columns: [(name: String, kind: ResultColumnKind)]) -> String {
        "[" + columns.map { "\($0.name): \($0.kind)" }.joined(separator: ", ") + "]"
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
