import ArcadeCore
import Foundation

/// Reads a SCALE-Sim 3 `.cfg` (an INI file read by Python's configparser: keys are
/// case-insensitive, `key = value` or `key: value`) as a systolic-array architecture.
/// Only `[architecture_presets]` and `[run_presets]` matter to the model; the other sections
/// (general, layout, sparsity) configure SCALE-Sim's own outputs and are accepted as they are.
enum ScaleSimConfigReader {
    struct Entry {
        var value: String
        var line: Int
    }

    static func parse(_ text: String, file: String) throws -> SystolicArrayConfig {
        var sections: [String: [String: Entry]] = [:]
        var current: String? = nil
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let number = index + 1
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else {
                    throw InputError(file: file, line: number, "malformed section header '\(line)'; expected [name]")
                }
                let name = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces).lowercased()
                current = name
                sections[name, default: [:]] = sections[name] ?? [:]
                continue
            }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw InputError(file: file, line: number, "expected 'key = value' or 'key: value', found '\(line)'")
            }
            guard let section = current else {
                throw InputError(file: file, line: number, "'\(line)' comes before any [section] header")
            }
            let key = line[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            sections[section, default: [:]][key] = Entry(value: value, line: number)
        }
        guard let presets = sections["architecture_presets"] else {
            throw InputError(file: file, "missing section [architecture_presets] (a SCALE-Sim config needs it)")
        }

        func int(_ key: String, _ field: String, range: ClosedRange<Int>) throws -> Int {
            guard let entry = presets[key] else {
                throw InputError(file: file, field: field, "is required in [architecture_presets]")
            }
            guard let value = Int(entry.value), range.contains(value) else {
                throw InputError(file: file, line: entry.line, field: field,
                                 "'\(entry.value)' is not allowed; expected a whole number in \(range.lowerBound)...\(range.upperBound)")
            }
            return value
        }

        let rows = try int("arrayheight", "ArrayHeight", range: 1...65_536)
        let columns = try int("arraywidth", "ArrayWidth", range: 1...65_536)
        let ifmap = try int("ifmapsramszkb", "IfmapSramSzkB", range: 1...(1 << 24))
        let filter = try int("filtersramszkb", "FilterSramSzkB", range: 1...(1 << 24))
        let ofmap = try int("ofmapsramszkb", "OfmapSramSzkB", range: 1...(1 << 24))
        let ifmapOffset = try int("ifmapoffset", "IfmapOffset", range: 0...Int(Int32.max))
        let filterOffset = try int("filteroffset", "FilterOffset", range: 0...Int(Int32.max))
        let ofmapOffset = try int("ofmapoffset", "OfmapOffset", range: 0...Int(Int32.max))
        guard let dataflowEntry = presets["dataflow"] else {
            throw InputError(file: file, field: "Dataflow", "is required in [architecture_presets] (os, ws or is)")
        }
        guard let dataflow = Dataflow(rawValue: dataflowEntry.value.lowercased()) else {
            throw InputError(file: file, line: dataflowEntry.line, field: "Dataflow",
                             "'\(dataflowEntry.value)' is not allowed; allowed: os, ws, is")
        }
        // SCALE-Sim uses `Bandwidth` only when [run_presets] InterfaceBandwidth is USER.
        var bandwidth: Int? = nil
        if let mode = sections["run_presets"]?["interfacebandwidth"] {
            switch mode.value.uppercased() {
            case "CALC": break
            case "USER": bandwidth = try int("bandwidth", "Bandwidth", range: 1...(1 << 20))
            default:
                throw InputError(file: file, line: mode.line, field: "InterfaceBandwidth",
                                 "'\(mode.value)' is not allowed; allowed: CALC, USER")
            }
        }
        let runName = sections["general"]?["run_name"]?.value ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        return SystolicArrayConfig(name: runName, rows: rows, columns: columns, dataflow: dataflow,
                                   ifmapSRAMKiB: ifmap, filterSRAMKiB: filter, ofmapSRAMKiB: ofmap,
                                   dramBandwidthWordsPerCycle: bandwidth, ifmapOffset: ifmapOffset,
                                   filterOffset: filterOffset, ofmapOffset: ofmapOffset)
    }
}
