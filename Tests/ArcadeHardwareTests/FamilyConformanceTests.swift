import ArcadeCore
import ArcadeResults
import Foundation
import Testing
@testable import ArcadeHardware

/// The family conformance suite: every test loops over `HardwareRegistry.families` and over every
/// architecture shipped under `Architectures/<family>/`, so a family added later (its folder plus one
/// registry line) is checked against its own declarations (`HardwareModel.metrics`, `delayMetric`,
/// `energyMetric`, `exampleWorkloads`, `malformedWorkloadExample`) without touching this file.
/// Each architecture runs the family's first (tiny) example workload. The CLI side (exit code 2, no
/// result file) is `FamilyConformanceCLITests` in ArcadeCLITests.
enum FamilyConformance {
    static let repositoryRoot = #filePath.components(separatedBy: "/Tests/")[0]

    /// One shipped architecture file of one family.
    struct Architecture: CustomStringConvertible, Sendable {
        var family: String
        /// Repository-relative, e.g. `Architectures/dram/ddr4-2400.yaml`.
        var path: String
        var description: String { path }
    }

    static func family(_ name: String) -> any HardwareModel.Type {
        guard let family = HardwareRegistry.family(named: name) else { preconditionFailure("no family \(name)") }
        return family
    }

    static let familyNames = HardwareRegistry.families.map { $0.family }

    /// Every file under `Architectures/<family>/` for every registered family, sorted.
    static let architectures: [Architecture] = familyNames.flatMap { name in
        let folder = "Architectures/\(name)"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: repositoryRoot + "/" + folder)) ?? []
        // Sub-folders hold parts an architecture names (e.g. Architectures/fpga/devices/), not architectures.
        return files.filter { file in
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: repositoryRoot + "/" + folder + "/" + file, isDirectory: &isFolder)
            return !isFolder.boolValue && !file.hasPrefix(".") && !file.lowercased().hasSuffix(".md")
        }.sorted()
            .map { Architecture(family: name, path: folder + "/" + $0) }
    }

    static func absolute(_ path: String) -> String { repositoryRoot + "/" + path }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("arcade-family-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Numeric cells must be finite and non-negative (counts, times, energies, percentages).
    static func numericProblem(_ value: ResultValue) -> String? {
        switch value {
        case .int(let number): return number < 0 ? "negative (\(number))" : nil
        case .double(let number): return !number.isFinite ? "not finite (\(number))" : number < 0 ? "negative (\(number))" : nil
        case .string, .bool: return nil
        }
    }

    static func sum(_ values: ResultColumnValues) -> Double? {
        switch values {
        case .int(let numbers): return Double(numbers.reduce(0, +))
        case .double(let numbers): return numbers.reduce(0, +)
        case .string, .bool: return nil
        }
    }
}

@Suite struct FamilyConformanceTests {
    @Test(arguments: FamilyConformance.familyNames)
    func declarationsAreWellFormed(_ name: String) throws {
        let family = FamilyConformance.family(name)
        #expect(!family.summary.isEmpty && !family.workloadDescription.isEmpty)
        let names = family.metrics.map(\.name)
        #expect(!names.isEmpty, "\(name) declares no metrics")
        #expect(Set(names).count == names.count, "\(name): duplicate metric names")
        for metric in family.metrics {
            #expect(!metric.unit.symbol.isEmpty && !metric.description.isEmpty, "\(name).\(metric.name): unit and description")
            #expect(!DerivedMetric.all.contains { $0.name == metric.name }, "\(name).\(metric.name) shadows a derived metric")
        }
        if let delay = family.delayMetric {
            #expect(family.metric(named: delay)?.unit.quantity == .time, "\(name): delay metric '\(delay)' must be a declared time")
        }
        if let energy = family.energyMetric {
            #expect(family.metric(named: energy)?.unit.quantity == .energy, "\(name): energy metric '\(energy)' must be a declared energy")
        }
        #expect(family.metrics.contains { $0.unit == .cycles }, "\(name) declares no cycle count")
        #expect(!family.exampleWorkloads.isEmpty, "\(name) ships no example workload")
        for workload in family.exampleWorkloads {
            #expect(FileManager.default.fileExists(atPath: FamilyConformance.absolute(workload)),
                    "\(name): example workload \(workload) missing")
        }
        #expect(FamilyConformance.architectures.contains { $0.family == name }, "nothing shipped under Architectures/\(name)/")
        for arguments in family.exampleSimulations {
            for path in arguments where !path.hasPrefix("-") && path.contains("/") {
                #expect(FileManager.default.fileExists(atPath: FamilyConformance.absolute(path)), "\(name): --help example names missing \(path)")
            }
            let model = try HardwareRegistry.loadArchitecture(path: FamilyConformance.absolute(arguments[0]))
            #expect(type(of: model).family == name, "\(name): --help example \(arguments[0]) is not a \(name) architecture")
        }
        #expect(family.inputTextAttributes.isSuperset(of: ReportRendering.inputTextAttributes))
        // --report-dir writes a peer's files only in a mode that reproduces that peer's numbers.
        for (mode, files) in family.peerReportModes {
            #expect(family.compatibilityModes.contains(mode), "\(name): peer report mode '\(mode)' is not a --compat mode")
            #expect(!files.isEmpty, "\(name): peer report mode '\(mode)' names no files for --help")
        }
    }

    /// Loads, runs the first example workload twice (determinism), checks the report against the
    /// declarations, and round-trips it through HDF5.
    @Test(arguments: FamilyConformance.architectures)
    func shippedArchitectureRunsAndReportsWhatItDeclares(_ item: FamilyConformance.Architecture) throws {
        let family = FamilyConformance.family(item.family)
        let model = try HardwareRegistry.loadArchitecture(path: FamilyConformance.absolute(item.path))
        #expect(type(of: model).family == item.family, "\(item.path) loads as \(type(of: model).family)")
        let workload = FamilyConformance.absolute(family.exampleWorkloads[0])
        let report = try model.simulate(workloadPath: workload, options: SimulationOptions())
        let again = try model.simulate(workloadPath: workload, options: SimulationOptions())
        #expect(report == again, "\(item.path): two runs differ")
        #expect(report.family == item.family)

        // Totals: exactly the declared metrics (conditional ones may be absent), in declared order.
        let keys = report.totals.map(\.key)
        #expect(Set(keys).count == keys.count, "\(item.path): duplicate totals")
        let undeclared = keys.filter { family.metric(named: $0) == nil }
        #expect(undeclared.isEmpty, "\(item.path): totals without a declaration (unit): \(undeclared)")
        let missing = family.metrics.filter { $0.condition == nil && report.total($0.name) == nil }.map(\.name)
        #expect(missing.isEmpty, "\(item.path): declared metrics missing from totals: \(missing)")
        #expect(keys == family.metrics.map(\.name).filter(keys.contains), "\(item.path): totals not in declared order")
        for (key, value) in report.totals {
            if let problem = FamilyConformance.numericProblem(value) { Issue.record("\(item.path): total \(key) is \(problem)") }
            // Every total carries its declared unit into HDF5; flags are booleans, not 0/1.
            let declared = family.metric(named: key)
            #expect(report.totalUnits[key] == declared?.unit.symbol, "\(item.path): total \(key) has unit \(report.totalUnits[key] ?? "none")")
            if declared?.unit == .flag, case .bool = value {} else if declared?.unit == .flag {
                Issue.record("\(item.path): flag \(key) is \(value), not a boolean")
            }
        }
        if let cycles = family.metrics.first(where: { $0.unit == .cycles }) {
            #expect((report.total(cycles.name)?.doubleValue ?? 0) > 0, "\(item.path): \(cycles.name) is not > 0")
        }
        if let delay = family.delayMetric {
            #expect((report.total(delay)?.doubleValue ?? 0) > 0, "\(item.path): \(delay) is not > 0")
        }
        for derived in DerivedMetric.all where family.metricValueIsDerivable(derived) {
            let value = family.metricValue(derived.name, in: report)
            #expect(value.map { $0.isFinite && $0 >= 0 } == true, "\(item.path): \(derived.name) = \(String(describing: value))")
        }

        // Tables: non-empty, unique column names, sane cells, and the declared aggregates hold.
        #expect(!report.tables.isEmpty, "\(item.path): no tables")
        for table in report.tables {
            #expect(table.rowCount > 0, "\(item.path): table \(table.name) is empty")
            #expect(Set(table.columns.map(\.name)).count == table.columns.count, "\(item.path): duplicate columns in \(table.name)")
            // A column named like a declared total has that total's unit.
            for column in table.columns {
                if let declared = family.metric(named: column.name) {
                    #expect(column.unit == declared.unit.symbol,
                            "\(item.path): \(table.name).\(column.name) has unit '\(column.unit)', the total has '\(declared.unit.symbol)'")
                }
            }
            for column in table.columns {
                #expect(column.values.count == table.rowCount, "\(item.path): ragged column \(table.name).\(column.name)")
                for row in 0..<column.values.count {
                    if let problem = FamilyConformance.numericProblem(column.values[row]) {
                        Issue.record("\(item.path): \(table.name).\(column.name)[\(row)] is \(problem)")
                        break
                    }
                }
            }
        }
        for metric in family.metrics {
            guard let aggregate = metric.aggregate, let total = report.total(metric.name)?.doubleValue else { continue }
            switch aggregate {
            case .rowCount(let name):
                let table = report.tables.first { $0.name == name }
                #expect(table.map { Double($0.rowCount) } == total, "\(item.path): \(metric.name) ≠ rows of \(name)")
            case .sum(let name):
                guard let column = report.tables.first(where: { $0.name == name })?.column(metric.name),
                      let sum = FamilyConformance.sum(column) else {
                    Issue.record("\(item.path): \(metric.name) is declared the sum of \(name).\(metric.name), which is missing")
                    continue
                }
                #expect(abs(sum - total) <= 1e-9 * max(1, abs(total)), "\(item.path): \(metric.name) \(total) ≠ Σ \(name) \(sum)")
            }
        }

        // HDF5 round trip.
        let directory = try FamilyConformance.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("run.h5").path
        try ResultFile.write(report, to: path, softwareVersion: ArcadeVersion.current)
        let read = try ResultFileReader.read(path: path)
        #expect(read.family == report.family)
        #expect(read.totals.map(\.key) == keys, "\(item.path): totals keys changed in HDF5")
        #expect(read.totals.map(\.value) == report.totals.map(\.value), "\(item.path): totals values changed in HDF5")
        #expect(read.tables == report.tables, "\(item.path): tables changed in HDF5 (values or units)")
        #expect(read.totalUnits == report.totalUnits.filter { keys.contains($0.key) && !$0.value.isEmpty }, "\(item.path): total units changed in HDF5")
        #expect(read.groups == report.groups, "\(item.path): settings groups changed in HDF5")
        #expect(read.attributes.map(\.value) == report.attributes.map(\.value), "\(item.path): attributes changed in HDF5")
    }

    /// Every family's architecture reader survives the fuzz corpus `fuzz/corpus/<family>-architecture/`
    /// (the shipped architectures and the reproducers of fixed findings): each file is accepted or refused
    /// with an `InputError` naming the file. A family without a corpus folder or without a fuzz target
    /// of that name in fuzz/Package.swift fails here, so its parser is fuzzed from the day it is registered.
    @Test(arguments: FamilyConformance.familyNames)
    func architectureReaderSurvivesTheFuzzCorpus(_ name: String) throws {
        let target = "\(name)-architecture"
        #expect(FuzzCorpus.packageTargets.contains(target),
                "family \(name): no fuzz target '\(target)' in fuzz/Package.swift (README: Fuzzing)")
        let files = FuzzCorpus.files(target)
        #expect(!files.isEmpty, "family \(name): no fuzz corpus; seed fuzz/corpus/\(target)/ with its shipped architectures")
        let outcome = try FuzzCorpus.replay(target, files: files,
                                            as: FuzzCorpus.architecture(folder: name, fileExtension: "yaml"))
        #expect(outcome.accepted + outcome.refused == files.count)
        #expect(outcome.accepted > 0, "family \(name): no file of fuzz/corpus/\(target)/ loads (seeds missing?)")
    }

    @Test(arguments: FamilyConformance.familyNames)
    func malformedWorkloadIsAnInputError(_ name: String) throws {
        let family = FamilyConformance.family(name)
        let architecture = try #require(FamilyConformance.architectures.first { $0.family == name && $0.path.hasSuffix(".yaml") })
        let model = try HardwareRegistry.loadArchitecture(path: FamilyConformance.absolute(architecture.path))
        let directory = try FamilyConformance.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let bad = family.malformedWorkloadExample
        let path = directory.appendingPathComponent("bad.\(bad.fileExtension)").path
        try bad.text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: InputError.self, "\(name): malformed workload accepted") {
            _ = try model.simulate(workloadPath: path, options: SimulationOptions())
        }
        #expect(throws: InputError.self, "\(name): missing workload accepted") {
            _ = try model.simulate(workloadPath: directory.appendingPathComponent("absent.\(bad.fileExtension)").path,
                                   options: SimulationOptions())
        }
    }
}
