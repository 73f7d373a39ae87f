import ArcadeCore
import Foundation

/// Every named environment, Gymnasium-style (`EnvironmentRegistry.make("systolic-resnet18-v0")`).
/// Adding one is one line in `entries`; the environment checker test then covers it.
///
/// Design-space environments load the shipped files under `Workloads/spaces/` (found relative to
/// the source checkout by default; pass `spacesDirectory` from an installed tool).
public enum EnvironmentRegistry {
    public struct Entry: Sendable {
        public var id: String
        public var summary: String
        /// The space file under `Workloads/spaces/`, or nil for a synthetic environment.
        public var spaceFile: String?
    }

    public static let entries: [Entry] = [
        Entry(id: "synthetic-v0", summary: "closed-form 4-knob bowl, 3,840 points, no simulator", spaceFile: nil),
        Entry(id: "systolic-tiny-v0", summary: "systolic array on a tiny GEMM set, for tests and CI", spaceFile: "systolic-tiny.yaml"),
        Entry(id: "systolic-resnet18-v0", summary: "systolic array on ResNet-18, minimise cycles", spaceFile: "systolic-resnet18.yaml"),
        Entry(id: "systolic-resnet18-area-v0", summary: "systolic array on ResNet-18, cycles and area",
              spaceFile: "systolic-resnet18-area.yaml"),
        Entry(id: "systolic-bert-v0", summary: "systolic array on one BERT-base encoder layer", spaceFile: "systolic-bert.yaml"),
        Entry(id: "dram-controller-v0", summary: "DDR4 controller knobs on a mixed trace (DRAMGym-like), latency and energy",
              spaceFile: "dram-controller.yaml"),
    ]

    public static var ids: [String] { entries.map(\.id) }

    /// `Workloads/spaces` of the source checkout this file was compiled from.
    public static var defaultSpacesDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Workloads/spaces")
            .standardized.path
    }

    /// The evaluator behind environment `id` (a loaded design space, or the synthetic function).
    public static func evaluator(_ id: String, spacesDirectory: String = defaultSpacesDirectory) throws -> any PointEvaluator {
        guard let entry = entries.first(where: { $0.id == id }) else {
            throw InputError(field: "environment", "'\(id)' is not a registered environment; allowed: \(ids.joined(separator: ", "))")
        }
        guard let file = entry.spaceFile else { return SyntheticDesignEvaluator() }
        return try DesignSpaceEvaluator(path: URL(fileURLWithPath: spacesDirectory).appendingPathComponent(file).path)
    }

    /// A fresh environment `id` with default settings (episode length 1).
    public static func make(_ id: String, spacesDirectory: String = defaultSpacesDirectory,
                            episodeLength: Int = 1) throws -> DesignEnvironment {
        DesignEnvironment(evaluator: try evaluator(id, spacesDirectory: spacesDirectory), episodeLength: episodeLength)
    }
}
