import ArcadeCore
import Foundation

/// Every hardware family Arcade knows. Adding one is one line here plus its folder.
public enum HardwareRegistry {
    public static let families: [any HardwareModel.Type] = [
        SystolicArrayModel.self,
        DRAMModel.self,
        DataflowModel.self,
        CacheModel.self,
        PIMModel.self,
        FPGAModel.self,
    ]

    public static func family(named name: String) -> (any HardwareModel.Type)? {
        families.first { $0.family == name }
    }

    /// Loads an architecture file: YAML with a `family:` key, or a peer's own format that some
    /// family reads (SCALE-Sim `.cfg`).
    public static func loadArchitecture(path: String) throws -> any HardwareModel {
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError(file: path, "architecture file not found")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw InputError(file: path, "cannot read the architecture file (not UTF-8 text)")
        }
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        if ext != "yaml" && ext != "yml" {
            for family in families {
                if let model = try family.load(foreignFile: path, text: text) { return model }
            }
            throw InputError(file: path, "unknown architecture format '.\(ext)'; expected a .yaml file "
                                 + "with a 'family:' key or a SCALE-Sim .cfg")
        }
        let document = try ConfigSection.load(yaml: text, file: path)
        let names = families.map { $0.family }
        let familyName = try document.choice("family", names)
        guard let family = family(named: familyName) else { preconditionFailure("choice() returned \(familyName)") }
        return try family.init(architecture: document, sourceText: text)
    }
}
