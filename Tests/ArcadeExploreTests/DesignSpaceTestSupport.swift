import ArcadeCore
import Foundation
@testable import ArcadeExplore

/// Helpers for the design-space tests: spaces written to a temporary folder next to copies of a
/// shipped architecture and the tiny workload, so relative paths resolve as in real space files.
enum DesignSpaceFixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../..").standardized.path
    static let spacesDirectory = repository + "/Workloads/spaces"

    /// A folder holding `arch.yaml` (SCALE-Sim's 32×32 default) and `tiny.csv`, made once per process.
    static let folder: String = {
        let folder = NSTemporaryDirectory() + "arcade-space-tests-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let architecture = try! String(contentsOfFile: repository + "/Architectures/systolic/scalesim-32x32-os.yaml", encoding: .utf8)
        try! architecture.write(toFile: folder + "/arch.yaml", atomically: true, encoding: .utf8)
        let workload = try! String(contentsOfFile: spacesDirectory + "/tiny_gemm.csv", encoding: .utf8)
        try! workload.write(toFile: folder + "/tiny.csv", atomically: true, encoding: .utf8)
        return folder
    }()

    /// A space file with the given body after the architecture/workload lines.
    static func text(parameters: String, constraints: String? = nil, objectives: String = "  - minimize: cycles",
                     extra: String = "") -> String {
        var text = "name: test\narchitecture: arch.yaml\nworkload: tiny.csv\n\(extra)parameters:\n\(parameters)\n"
        if let constraints { text += "constraints:\n\(constraints)\n" }
        return text + "objectives:\n\(objectives)\n"
    }

    static func load(_ text: String) throws -> DesignSpace {
        try DesignSpaceFile.load(text: text, path: folder + "/space.yaml")
    }

    /// The `InputError` loading `text` throws (nil when it loads).
    static func error(_ text: String) -> InputError? {
        do { _ = try load(text); return nil } catch let error as InputError { return error } catch { return InputError("\(error)") }
    }

    static let basic = text(parameters: """
          rows: {powers_of_two: [4, 32]}
          columns: {range: [8, 24], step: 8}
          dataflow: {choices: [os, ws, is]}
          ifmap_sram_kib: {values: [16, 1, 4]}
        """, constraints: "  - rows * columns <= 512")
}
