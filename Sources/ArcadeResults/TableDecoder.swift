import ArcadeCore
import CHDF5
import Foundation

/// Reads a rank-1 compound dataset into a `ResultTable`. Integer fields of any width become
/// `.int`, float fields `.double`, and strings (variable or fixed length) `.string`; HDF5
/// converts widths and byte order on read.
enum TableDecoder {
    /// One field of the file's compound type, and where it sits in the memory row.
    struct Field {
        var name: String
        var kind: ResultColumnKind
        /// Byte width of a fixed-length string field; nil for numbers and variable-length strings.
        var fixedSize: Int?
        var offset: Int
        var size: Int { fixedSize ?? (kind == .bool ? 1 : 8) }
    }

    /// The fields of a dataset's compound type, in order.
    static func fields(_ dataset: hid_t, name: String, _ check: H5Check) throws -> [Field] {
        let type = try check.id(H5Dget_type(dataset), "cannot read type of '\(name)'")
        defer { H5Tclose(type) }
        guard H5Tget_class(type) == H5T_COMPOUND else { throw check.error("'\(name)' is not a compound (table) dataset") }
        let count = H5Tget_nmembers(type)
        guard count >= 0 else { throw check.failure("cannot read fields of '\(name)'") }
        var fields: [Field] = []
        var offset = 0
        for index in 0..<UInt32(count) {
            guard let cName = H5Tget_member_name(type, index) else { throw check.failure("cannot read field name in '\(name)'") }
            let fieldName = String(cString: cName)
            H5free_memory(cName)
            let memberClass = H5Tget_member_class(type, index)
            var field = Field(name: fieldName, kind: .int, fixedSize: nil, offset: offset)
            switch memberClass {
            case H5T_INTEGER: field.kind = .int
            case H5T_FLOAT: field.kind = .double
            case H5T_ENUM where try isBooleanEnum(type, member: index, check):
                field.kind = .bool
            case H5T_STRING:
                field.kind = .string
                let member = try check.id(H5Tget_member_type(type, index), "cannot read type of field '\(fieldName)'")
                defer { H5Tclose(member) }
                if H5Tis_variable_str(member) <= 0 { field.fixedSize = H5Tget_size(member) }
            default:
                throw check.error("table '\(name)', field '\(fieldName)': HDF5 type class \(memberClass.rawValue) is not an integer, float, boolean or string")
            }
            fields.append(field)
            offset += field.size
        }
        return fields
    }

    /// Whether member `index` of a compound type is h5py's boolean: an enum of exactly FALSE = 0, TRUE = 1.
    static func isBooleanEnum(_ compound: hid_t, member index: UInt32, _ check: H5Check) throws -> Bool {
        let member = try check.id(H5Tget_member_type(compound, index), "cannot read a field type")
        defer { H5Tclose(member) }
        return isBooleanEnum(member)
    }

    static func isBooleanEnum(_ type: hid_t) -> Bool {
        guard H5Tget_class(type) == H5T_ENUM, H5Tget_nmembers(type) == 2 else { return false }
        var names: [String] = []
        for index in 0..<UInt32(2) {
            guard let name = H5Tget_member_name(type, index) else { return false }
            names.append(String(cString: name))
            H5free_memory(name)
        }
        return Set(names) == ["FALSE", "TRUE"]
    }

    /// The memory compound type for `fields` (which must come from `fields(_:name:_:)`).
    static func memoryType(_ fields: [Field], _ check: H5Check) throws -> hid_t {
        let rowSize = fields.reduce(0) { $0 + $1.size }
        let type = try check.id(H5Tcreate(H5T_COMPOUND, max(rowSize, 1)), "cannot create compound type")
        do {
            for field in fields {
                let member: hid_t
                switch (field.kind, field.fixedSize) {
                case (.int, _): member = H5Tcopy(chdf5_native_int64())
                case (.double, _): member = H5Tcopy(chdf5_native_double())
                case (.string, nil): member = chdf5_vlen_utf8()
                case (.string, let size?): member = chdf5_fixed_utf8(size)
                case (.bool, _): member = chdf5_bool_enum()
                }
                try check.id(member, "cannot create type for field '\(field.name)'")
                defer { H5Tclose(member) }
                try check.ok(H5Tinsert(type, field.name, field.offset, member), "cannot add field '\(field.name)'")
            }
        } catch {
            H5Tclose(type)
            throw error
        }
        return type
    }

    /// Number of rows of a rank-1 dataset.
    static func rowCount(_ dataset: hid_t, name: String, _ check: H5Check) throws -> Int {
        let space = try check.id(H5Dget_space(dataset), "cannot read shape of '\(name)'")
        defer { H5Sclose(space) }
        guard H5Sget_simple_extent_ndims(space) == 1 else { throw check.error("'\(name)' is not one-dimensional") }
        var dims: [hsize_t] = [0]
        try check.ok(H5Sget_simple_extent_dims(space, &dims, nil), "cannot read shape of '\(name)'")
        return Int(dims[0])
    }

    static func read(_ dataset: hid_t, name: String, _ check: H5Check) throws -> ResultTable {
        let fields = try fields(dataset, name: name, check)
        let rows = try rowCount(dataset, name: name, check)
        let type = try memoryType(fields, check)
        defer { H5Tclose(type) }
        let rowSize = fields.reduce(0) { $0 + $1.size }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(1, rowSize * rows), alignment: 8)
        defer { buffer.deallocate() }
        if rows > 0 {
            try check.ok(H5Dread(dataset, type, chdf5_all(), chdf5_all(), HDF5.defaultPlist, buffer),
                         "cannot read dataset '\(name)'")
        }
        let columns = fields.map { field -> ResultColumn in
            let cells = (0..<rows).map { buffer + $0 * rowSize + field.offset }
            switch (field.kind, field.fixedSize) {
            case (.int, _): return ResultColumn(field.name, .int(cells.map { $0.loadUnaligned(as: Int64.self) }))
            case (.double, _): return ResultColumn(field.name, .double(cells.map { $0.loadUnaligned(as: Double.self) }))
            case (.bool, _): return ResultColumn(field.name, .bool(cells.map { $0.loadUnaligned(as: Int8.self) != 0 }))
            case (.string, nil):
                return ResultColumn(field.name, .string(cells.map { cell in
                    cell.loadUnaligned(as: UnsafePointer<CChar>?.self).map { String(cString: $0) } ?? ""
                }))
            case (.string, let size?):
                return ResultColumn(field.name, .string(cells.map { cell in
                    let bytes = UnsafeRawBufferPointer(start: cell, count: size)
                    return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
                }))
            }
        }
        if rows > 0 && fields.contains(where: { $0.kind == .string && $0.fixedSize == nil }) {
            // Frees the strings HDF5 allocated for the variable-length fields.
            let space = try check.id(H5Dget_space(dataset), "cannot read shape of '\(name)'")
            defer { H5Sclose(space) }
            try check.ok(H5Dvlen_reclaim(type, space, HDF5.defaultPlist, buffer), "cannot free strings of '\(name)'")
        }
        let units = try ResultFileReader.stringArrayAttribute(dataset, "units", check)
        return ResultTable(name: name, columns: columns.enumerated().map { index, column in
            var column = column
            if let units, index < units.count { column.unit = units[index] }
            return column
        })
    }
}
