import ArcadeCore
import ArcadeExplore
import ArcadeKernel
import ArcadeHardware
import ArcadeResults
import ArgumentParser
import Foundation

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate a workload on an architecture and write one HDF5 result file.",
        discussion: """
            ARCHITECTURE is a YAML file with a 'family:' key (see Architectures/), or a file in a \
            peer's own format that a family reads (\(Self.perFamily { $0.foreignArchitectureFormats })).
            WORKLOAD is what that family runs:
            \(HardwareRegistry.families.map { "  \($0.family): \($0.workloadDescription)" }.joined(separator: "\n"))

            Prints a per-layer table and totals (or one JSON document with --json) and writes \
            results/<architecture>__<workload>.h5 unless --out names another file or --no-out is given.
            """
    )

    @Argument(help: "Architecture file (.yaml with 'family:', or \(Self.perFamily { $0.foreignArchitectureFormats })).")
    var architecture: String

    @Argument(help: "Workload file (\(Self.perFamily { $0.workloadDescription })).")
    var workload: String

    @Option(name: .long, help: "HDF5 result file to write (default: results/<architecture>__<workload>.h5).")
    var out: String?

    @Flag(name: .long, help: "Do not write a result file.")
    var noOut = false

    @Flag(name: .long, help: "Print one JSON document (totals and per-layer rows) instead of tables.")
    var json = false

    @Option(name: .long, help: "Report a peer simulator's numbers exactly, quirks included (\(Self.perFamily { $0.compatibilityModes.isEmpty ? nil : $0.compatibilityModes.joined(separator: ", ") })).")
    var compat: String?

    @Option(name: .long, help: ArgumentHelp("Also run a reference and report whether it agrees: 'slow', the family's own slow model (\(Self.perFamily { $0.referenceModelDescription })); 'systemc', its SystemC model in a separate process, with both run times (\(Self.perFamily { $0.systemCReferenceDescription })).", valueName: "slow|systemc"))
    var reference: String?

    @Option(name: .long, help: ArgumentHelp("Also write every result table as a CSV file into DIR (created when missing): <table>.csv with the HDF5 column names, and totals.csv (name,value,unit).", valueName: "DIR"))
    var csv: String?

    @Option(name: .long, help: ArgumentHelp("With --compat: also write the peer simulator's own report files into DIR, same columns, numbers and formatting (\(Self.perFamily { $0.peerReportModes.isEmpty ? nil : $0.peerReportModes.sorted { $0.key < $1.key }.map { "--compat \($0.key): \($0.value)" }.joined(separator: "; ") })).", valueName: "DIR"))
    var reportDir: String?

    @Option(name: .long, help: "Write per-layer cycles (compute + stall) and utilisation as an SVG plot (systolic; DRAM: per channel).")
    var plot: String?

    @OptionGroup var limits: WorkLimitOptions

    @OptionGroup var table: TableOptions

    func run() throws {
        let model = try HardwareRegistry.loadArchitecture(path: architecture)
        // Output folders are checked before anything runs or is written.
        if let csv { try OutputPath.checkDirectory(csv, field: "--csv") }
        if let reportDir {
            try type(of: model).checkPeerReports(compatibility: compat)
            try OutputPath.checkDirectory(reportDir, field: "--report-dir")
        }
        if let plot {
            try RunPlots.check(family: type(of: model).family)
            try PlotFiles.check(plot, otherOutputs: [noOut ? nil : out ?? Self.defaultOutputPath(architecture: architecture, workload: workload)])
        }
        let report: SimulationReport
        if let reference { try Self.checkReference(reference, family: type(of: model)) }
        var options = SimulationOptions(compatibility: compat, checkAgainstReference: reference == "slow", allowHuge: limits.allowHuge,
                                        peerReports: reportDir != nil, systemCReference: reference == "systemc")
        let progress = ProgressBar(phase: "simulate", unit: "layers")
        defer { progress.finish() }
        options.progress = { step in Self.show(step, on: progress) }
        do {
            report = try model.simulate(workloadPath: workload, options: options)
            progress.finish()
        } catch let deadlock as DeadlockReport {
            progress.finish()
            try DeadlockOutput.emit(deadlock, json: json)
        }
        var written: String? = nil
        if !noOut {
            let path = out ?? Self.defaultOutputPath(architecture: architecture, workload: workload)
            try ResultFile.write(report, to: path, softwareVersion: ArcadeVersion.current)
            written = path
        }
        if let csv { try OutputFolder.write(ResultCSV.files(report), into: csv) }
        if let reportDir { try OutputFolder.write(report.peerReportFiles.map { ($0.name, $0.contents) }, into: reportDir) }
        if let plot {
            try PlotFiles.write(RunPlots.chart(for: report).render(), to: plot)
        }
        if json {
            print(ReportRendering.json(report, hiding: type(of: model).inputTextAttributes))
        } else {
            print(ReportRendering.text(report, hiding: type(of: model).inputTextAttributes, width: table.width), terminator: "")
            if let written { print("\nresults written to \(written)") }
            if let csv { print("CSV tables written to \(csv)") }
            if let reportDir { print("\(report.peerReportFiles.map(\.name).joined(separator: ", ")) written to \(reportDir)") }
            if let plot { print("plot written to \(plot)") }
        }
    }

    /// A family's step on the progress bar: layers (the current one named) for a step without a
    /// unit, its own unit (`read trace` in bytes, `simulate` in requests) otherwise; a last step
    /// after all layers (the DRAM traffic of `memory:`) has no count, only its name and the time.
    static func show(_ step: SimulationProgress, on progress: ProgressBar) {
        if let unit = step.unit {
            progress.update(phase: step.item, done: step.done, total: step.total, unit: unit)
        } else if step.done < step.total {
            progress.update(phase: "simulate", done: step.done, total: step.total, unit: "layers", detail: step.item)
        } else {
            progress.update(phase: step.item, done: 0, total: 0)
        }
    }

    /// Every family's `exampleSimulations`, one `arcade simulate …` line each (two when long).
    static var examples: String {
        HardwareRegistry.families.flatMap { $0.exampleSimulations }.map { (arguments: [String]) -> String in
            let line = "  arcade simulate " + arguments.joined(separator: " ")
            guard line.count > 80, arguments.count > 1 else { return line }
            return "  arcade simulate \(arguments[0]) \\\n      " + arguments.dropFirst().joined(separator: " ")
        }.joined(separator: "\n")
    }

    /// `family: text` for every family that has `text`, joined by "; " (help strings name no family).
    /// `--reference slow|systemc`: a known kind, and a SystemC model where the family has one.
    static func checkReference(_ reference: String, family: any HardwareModel.Type) throws {
        guard ["slow", "systemc"].contains(reference) else {
            throw InputError(field: "--reference", "'\(reference)' is not a reference; allowed: slow, systemc")
        }
        guard reference == "systemc", family.systemCReferenceDescription == nil else { return }
        let withOne = HardwareRegistry.families.filter { $0.systemCReferenceDescription != nil }.map { $0.family }
        throw InputError(field: "--reference", "the \(family.family) family has no SystemC reference (families with one: "
                         + withOne.joined(separator: ", ") + ")")
    }

    static func perFamily(_ text: (any HardwareModel.Type) -> String?) -> String {
        HardwareRegistry.families.compactMap { family in text(family).map { "\(family.family): \($0)" } }
            .joined(separator: "; ")
    }

    static func defaultOutputPath(architecture: String, workload: String) -> String {
        func stem(_ path: String) -> String { URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent }
        return "results/\(stem(architecture))__\(stem(workload)).h5"
    }
}
