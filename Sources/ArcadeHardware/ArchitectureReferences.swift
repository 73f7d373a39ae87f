import ArcadeCore
import Foundation

/// Loads the architecture files that other architecture files name (a systolic array's
/// `memory:`). Loading one may load the next, so a file naming itself, or a cycle of files, would
/// recurse until the stack overflows (issue 11); here it is an error naming the cycle
/// (`a.yaml → b.yaml → a.yaml`), and a chain deeper than `maxDepth` files is refused too.
enum ArchitectureReferences {
    /// Far beyond any sensible chain: today's longest is 2 (an array and its DRAM).
    static let maxDepth = 8

    struct Link: Sendable {
        /// Compares files however they were named (`./a.yaml`, `../x/a.yaml`, a symlink).
        var canonical: String
        /// The path as the user wrote it, for the message.
        var shown: String

        init(_ path: String) {
            canonical = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
            shown = path
        }
    }

    /// The files being loaded, outermost first. Task-local rather than a parameter, because the
    /// chain runs through `HardwareRegistry.loadArchitecture` and every family's initialiser.
    @TaskLocal static var chain: [Link] = []

    /// The model of the file `relative` (resolved against `document`'s file), named by `key`.
    static func load(_ relative: String, key: String, from document: ConfigSection) throws -> any HardwareModel {
        let path = document.resolvePath(relative)
        var links = chain
        let current = Link(document.pathAnchor)
        if links.last?.canonical != current.canonical { links.append(current) }
        let target = Link(path)
        if let start = links.firstIndex(where: { $0.canonical == target.canonical }) {
            let cycle = (links[start...] + [target]).map(\.shown).joined(separator: " → ")
            throw document.error(key, "'\(relative)' makes a cycle of architecture files: \(cycle); "
                                     + "a file must not name itself, directly or through others")
        }
        guard links.count < maxDepth else {
            let names = (links + [target]).map(\.shown).joined(separator: " → ")
            throw document.error(key, "'\(relative)' is more than \(maxDepth) architecture files deep: \(names); "
                                     + "at most \(maxDepth) files may name one another in a chain")
        }
        return try $chain.withValue(links) { try HardwareRegistry.loadArchitecture(path: path) }
    }

    /// The DRAM model of `key` (a `family: dram` file named relative to `document`), for the
    /// families whose parts reach DRAM through its memory port (a systolic array's `memory:`, a
    /// dataflow graph's). Errors name the key.
    static func dram(_ relative: String, key: String, from document: ConfigSection) throws -> DRAMModel {
        let path = document.resolvePath(relative)
        let model: any HardwareModel
        do {
            model = try load(relative, key: key, from: document)
        } catch let error as InputError where error.file == path && error.line == nil {
            throw document.error(key, "\(error.message) (\(path))")
        }
        guard let dram = model as? DRAMModel else {
            throw document.error(key, "'\(relative)' is a '\(type(of: model).family)' architecture; expected family: dram")
        }
        return dram
    }
}
