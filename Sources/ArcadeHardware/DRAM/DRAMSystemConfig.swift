import ArcadeCore

/// Everything that defines one simulated memory system: the standard as possibly overridden by the
/// architecture file, and the controller settings.
public struct DRAMSystemConfig: Sendable {
    public var name: String
    public var standard: DRAMStandard
    public var organization: DRAMOrganization
    public var timing: DRAMTiming
    public var controller: DRAMControllerConfig
    public var mapping: DRAMAddressMapping

    /// Validates and builds; problems are `InputError`s without a file (the file reader adds it).
    public init(name: String? = nil, standard: DRAMStandard, organization: DRAMOrganization? = nil,
                timing: DRAMTiming? = nil, controller: DRAMControllerConfig = DRAMControllerConfig()) throws {
        self.name = name ?? standard.name
        self.standard = standard
        self.organization = organization ?? standard.organization
        self.timing = timing ?? standard.timing
        self.controller = controller
        if let (field, message) = self.organization.inconsistency() {
            throw InputError(field: "organization.\(field)", message)
        }
        for (field, keyPath) in DRAMTiming.fields where self.timing[keyPath: keyPath] < 0 {
            throw InputError(field: "timing.\(field)", "must be ≥ 0, found \(self.timing[keyPath: keyPath])")
        }
        if self.timing.tCKPicoseconds < 1 {
            throw InputError(field: "timing.\(DRAMTiming.clockPeriodField)", "must be ≥ 1 ps, found 0")
        }
        for field in ["nBL", "nCL", "nRCD", "nRP", "nRAS", "nRC", "nCCD_S", "nREFI"] {
            let keyPath = DRAMTiming.fields.first { $0.name == field }!.keyPath
            if self.timing[keyPath: keyPath] < 1 {
                throw InputError(field: "timing.\(field)", "must be ≥ 1, found \(self.timing[keyPath: keyPath])")
            }
        }
        if let relation = self.timing.violatedRelation() {
            throw InputError(field: "timing.\(relation.field)", "violates the JEDEC relation \(relation.description) "
                             + "(\(Self.describe(relation.description, self.timing)))")
        }
        if controller.refresh == .perBank && !self.timing.hasPerBankRefresh {
            throw InputError(field: "controller.refresh", "\(standard.name) has no per-bank refresh (nRFCpb/nREFIpb "
                             + "are 0); allowed: all-bank, off — or set timing.nRFCpb and timing.nREFIpb")
        }
        do {
            mapping = try DRAMAddressMapping(name: controller.addressMapping, organization: self.organization)
        } catch {
            throw InputError(field: "controller.address_mapping", error.message)
        }
    }

    /// "nRC = 50, nRAS = 39, nRP = 16": the values of the fields a relation names.
    static func describe(_ relation: String, _ timing: DRAMTiming) -> String {
        var names: [String] = []
        var current = ""
        for character in relation + " " {
            if character.isLetter || character.isNumber || character == "_" {
                current.append(character)
            } else {
                if DRAMTiming.fields.contains(where: { $0.name == current }) && !names.contains(current) { names.append(current) }
                current = ""
            }
        }
        return names.map { name in "\(name) = \(timing[keyPath: DRAMTiming.fields.first { $0.name == name }!.keyPath])" }
            .joined(separator: ", ")
    }

    /// The timing-constraint table of this system.
    public var constraints: [DRAMTimingConstraint] { DRAMTimingConstraints.table(timing) }
}
