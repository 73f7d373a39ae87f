import ArcadeCore
import Foundation
import Yams

extension DesignSpace {
    /// The architecture file of `point`, to be written at `destination` and run there as it is
    /// (`arcade simulate DESTINATION WORKLOAD`): the point's architecture text, with every value
    /// that names a file relative to the base architecture (a systolic `memory:`) rewritten
    /// relative to the destination's folder, and a header saying where the design came from.
    public func standaloneArchitectureText(for point: [Int], savedAt destination: String, header: [String]) throws -> String {
        let text = architectureText(for: point)
        let baseFolder = URL(fileURLWithPath: architecturePath).deletingLastPathComponent().standardizedFileURL
        let destinationFolder = URL(fileURLWithPath: destination).deletingLastPathComponent().standardizedFileURL
        guard var root = try Yams.compose(yaml: text) else { return text }
        Self.rebase(&root, from: baseFolder, to: destinationFolder)
        let body = try Yams.serialize(node: root)
        let comments = (header + ["workload: \(workloadPath)"]).map { "# " + TerminalText.escapingControls($0) }
        return comments.joined(separator: "\n") + "\n" + body
    }

    /// Rewrites scalar values that name an existing file relative to `base` so they name it relative to `destination`.
    private static func rebase(_ node: inout Node, from base: URL, to destination: URL) {
        switch node {
        case .mapping(var mapping):
            for key in mapping.keys {
                guard var value = mapping[key] else { continue }
                rebase(&value, from: base, to: destination)
                mapping[key] = value
            }
            node = .mapping(mapping)
        case .sequence(var sequence):
            for index in sequence.indices {
                var value = sequence[index]
                rebase(&value, from: base, to: destination)
                sequence[index] = value
            }
            node = .sequence(sequence)
        case .scalar(let scalar):
            let value = scalar.string
            guard !value.isEmpty, !value.hasPrefix("/"), value.contains("/") || value.contains(".") else { return }
            let target = base.appendingPathComponent(value).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory), !isDirectory.boolValue else { return }
            node = .scalar(.init(relativePath(of: target, from: destination)))
        default:
            return
        }
    }

    /// `target` relative to the folder `folder` (both absolute and standardised).
    static func relativePath(of target: URL, from folder: URL) -> String {
        let targetParts = target.pathComponents, folderParts = folder.pathComponents
        var common = 0
        while common < min(targetParts.count, folderParts.count) && targetParts[common] == folderParts[common] { common += 1 }
        // Sharing only the root: an absolute path says more than a climb to it.
        if common <= 1 { return target.path }
        let ups = Array(repeating: "..", count: folderParts.count - common)
        return (ups + targetParts[common...]).joined(separator: "/")
    }
}
