import ArcadeCore

/// A JSON value written by hand, fields in the order given: `arcade serve`'s responses.
///
/// Foundation's `JSONSerialization` spent 86% of a served `evaluate` round trip (callgrind, 500
/// requests: bridging every value to NSObject, sorting keys with NSString.compare); this writer
/// appends UTF-8 bytes to one buffer, strings escaped by `ReportRendering.appendJSONString`. Integral doubles below 2^53 are written as integers (8768, not
/// 8768.0), as JSONSerialization did; non-finite doubles as null (JSON has no infinity).
enum JSONText {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONText])
    case object([(String, JSONText)])

    var text: String {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        write(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func write(into out: inout [UInt8]) {
        switch self {
        case .null: out += "null".utf8
        case .bool(let value): out += (value ? "true" : "false").utf8
        case .int(let value): out += String(value).utf8
        case .double(let value):
            if !value.isFinite {
                out += "null".utf8
            } else if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
                out += String(Int64(value)).utf8
            } else {
                out += value.description.utf8
            }
        case .string(let value): ReportRendering.appendJSONString(value, to: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            for (index, (key, value)) in fields.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                ReportRendering.appendJSONString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
