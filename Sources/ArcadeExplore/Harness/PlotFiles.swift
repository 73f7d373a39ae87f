import ArcadeCore
import Foundation

/// Where `--plot FILE.svg` and its companions (`FILE-pareto.svg`, `FILE-regret.svg`, …) go, the
/// up-front check every command makes before it computes anything, and the write.
public enum PlotFiles {
    /// `plots/run.svg` + `pareto` → `plots/run-pareto.svg`.
    public static func path(_ plot: String, suffix: String) -> String {
        let url = URL(fileURLWithPath: plot)
        let stem = url.deletingPathExtension().lastPathComponent
        let name = stem + "-" + suffix + "." + (url.pathExtension.isEmpty ? "svg" : url.pathExtension)
        let directory = (plot as NSString).deletingLastPathComponent
        return directory.isEmpty ? name : directory + "/" + name
    }

    /// Checks `plot` and each companion (`OutputPath.check`) and that none of them is another
    /// output of the run (`--out`), so a plot never overwrites the result file (exit 2, nothing written).
    public static func check(_ plot: String, companions suffixes: [String] = [], otherOutputs: [String?] = []) throws {
        let plots = [plot] + suffixes.map { path(plot, suffix: $0) }
        for file in plots { try OutputPath.check(file, field: "--plot") }
        let others = otherOutputs.compactMap { $0 }
        let paths = (others + plots).map { URL(fileURLWithPath: $0).standardized.path }
        guard Set(paths).count == paths.count else {
            let names = (others.map { "--out \($0)" } + suffixes.map { "its -\($0) plot" }).joined(separator: ", ")
            throw InputError(field: "--plot", "'\(plot)' would overwrite another output (\(names.isEmpty ? "itself" : names))")
        }
    }

    /// The plot path is the user's input: an unwritable one is an input error (exit 2).
    public static func write(_ svg: String, to path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(svg.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw InputError(field: "--plot", "cannot write \(path): \(error.localizedDescription)")
        }
    }
}
