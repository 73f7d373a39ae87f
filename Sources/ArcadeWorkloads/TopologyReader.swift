import ArcadeCore
import Foundation

/// Reads SCALE-Sim topology CSVs. The header decides the kind:
/// - conv: `Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,`
/// - GEMM: `Layer Name, M, N, K,`
/// Trailing commas, blank lines and surrounding spaces are allowed (SCALE-Sim writes every line
/// with a trailing comma). A conv layer whose name contains "DP" is depthwise, as in SCALE-Sim.
public enum TopologyReader {
    static let convHeader = ["layer name", "ifmap height", "ifmap width", "filter height", "filter width",
                             "channels", "num filter", "strides"]
    static let gemmHeader = ["layer name", "m", "n", "k"]

    public static func read(path: String) throws -> Topology {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw InputError(file: path, "cannot read the workload file (missing or not UTF-8 text)")
        }
        if let cached = ParsedTopologies.shared.topology(path: path, text: text) { return cached }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let topology = try parse(text, file: path, name: name)
        ParsedTopologies.shared.insert(topology, path: path, text: text)
        return topology
    }

    public static func parse(_ text: String, file: String, name: String) throws -> Topology {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { (number: $0.offset + 1, cells: cells(of: $0.element)) }
            .filter { !$0.cells.isEmpty }
        guard !lines.isEmpty else {
            throw InputError(file: file, "the workload file is empty; expected a SCALE-Sim topology CSV header")
        }
        let header = lines.removeFirst()
        let normalized = header.cells.map { $0.lowercased() }
        let kind: Topology.Kind
        if normalized == convHeader {
            kind = .conv
        } else if normalized == gemmHeader {
            kind = .gemm
        } else {
            throw InputError(file: file, line: header.number,
                             "unrecognised header '\(header.cells.joined(separator: ", "))'; expected "
                                 + "'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, "
                                 + "Num Filter, Strides' (conv) or 'Layer Name, M, N, K' (GEMM)")
        }
        guard !lines.isEmpty else { throw InputError(file: file, "the topology has a header but no layers") }
        let layers = try lines.map { line -> WorkloadLayer in
            guard line.cells.count == header.cells.count else {
                throw InputError(file: file, line: line.number,
                                 "expected \(header.cells.count) values (\(header.cells.joined(separator: ", "))), "
                                     + "found \(line.cells.count)")
            }
            let layerName = line.cells[0]
            var values: [Int] = []
            for (index, cell) in line.cells.enumerated().dropFirst() {
                guard let value = Int(cell), value >= 1 else {
                    throw InputError(file: file, line: line.number, field: header.cells[index],
                                     "'\(cell)' in layer '\(layerName)' is not allowed; expected a whole number ≥ 1 "
                                         + "and ≤ 2^20 (\(LayerLimits.maxDimension))")
                }
                values.append(value)
            }
            let layer: WorkloadLayer
            switch kind {
            case .gemm:
                layer = .gemm(GEMMLayer(name: layerName, m: values[0], n: values[1], k: values[2]))
            case .conv:
                let conv = ConvLayer(name: layerName, ifmapHeight: values[0], ifmapWidth: values[1],
                                      filterHeight: values[2], filterWidth: values[3], channels: values[4],
                                      filterCount: values[5], stride: values[6],
                                      isDepthwise: layerName.contains("DP"))
                if conv.filterHeight > conv.ifmapHeight || conv.filterWidth > conv.ifmapWidth {
                    throw InputError(file: file, line: line.number, field: "Filter Height/Filter Width",
                                     "the \(conv.filterHeight)×\(conv.filterWidth) filter of layer '\(layerName)' "
                                         + "is larger than its \(conv.ifmapHeight)×\(conv.ifmapWidth) ifmap "
                                         + "(SCALE-Sim topologies are unpadded: give the padded ifmap size)")
                }
                layer = .conv(conv)
            }
            // Every later size (matrices, MACs, folds, SRAM words, cycles) is a product of these.
            try LayerLimits.check(layer, file: file, line: line.number)
            return layer
        }
        var topology = Topology(name: name, kind: kind, layers: layers)
        topology.layerLines = lines.map(\.number)
        return topology
    }

    /// Comma-separated cells, trimmed, with trailing empty cells (SCALE-Sim's trailing comma) dropped.
    static func cells(of line: Substring) -> [String] {
        var cells = line.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        while let last = cells.last, last.isEmpty { cells.removeLast() }
        return cells
    }
}

/// The last few topologies parsed, by path and exact file text: a sweep simulates thousands of
/// design points on one workload file, and parsing it each time cost a third of a ResNet-18
/// point. Keyed by the text read (not a modification time), so an edited file is parsed again.
final class ParsedTopologies: @unchecked Sendable {
    static let shared = ParsedTopologies()
    private let lock = NSLock()
    private var entries: [(path: String, text: String, topology: Topology)] = []
    private let capacity = 8

    func topology(path: String, text: String) -> Topology? {
        lock.lock()
        defer { lock.unlock() }
        return entries.first { $0.path == path && $0.text == text }?.topology
    }

    func insert(_ topology: Topology, path: String, text: String) {
        lock.lock()
        defer { lock.unlock() }
        entries.removeAll { $0.path == path }
        entries.append((path, text, topology))
        if entries.count > capacity { entries.removeFirst() }
    }
}
