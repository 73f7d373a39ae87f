import ArcadeCore
import Foundation

/// `--save-best`: the best design found, as an architecture file `arcade simulate` runs as it is.
public enum BestDesignFile {
    /// Writes the architecture of `point` to `path` (atomically: a temporary beside it, then a
    /// rename), headed by `header` lines and the point's parameters and objectives.
    public static func write(space: DesignSpace, point: EvaluatedPoint, header: String, to path: String,
                             field: String = "--save-best") throws {
        let lines = [header, "space: \(space.file)",
                     "parameters: " + zip(space.parameterNames, point.parameters).map { "\($0)=\($1)" }.joined(separator: ", "),
                     "objectives (minimised): " + zip(space.objectiveNames, point.objectives).map { "\($0)=\($1)" }.joined(separator: ", ")]
        let text = try space.standaloneArchitectureText(for: point.point, savedAt: path, header: lines)
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw InputError(field: field, "cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// `DIR/<agent>.yaml` for compare's per-agent best designs.
    public static func path(directory: String, name: String) -> String {
        (directory as NSString).appendingPathComponent(name + ".yaml")
    }
}
