import ArcadeCore
import ArcadeHardware

/// How the pim-simulate target reads one input: a `family: pim` architecture, a line `---`, then a
/// PIM workload; and which runs it skips as too large for the fuzzer (thousands of runs, 10 s each
/// at most). Tests/ArcadeHardwareTests/FuzzCorpusReplayTests.swift has the same rules
/// (`FuzzCorpus.pimSimulation`): keep the two in step.
public enum PIMFuzzInput {
    /// The architecture's text (up to the first line `---`) and the workload's (after it); nil without one.
    public static func split(_ text: String) -> (architecture: String, workload: String)? {
        guard let separator = text.range(of: "\n---\n") else { return nil }
        return (String(text[..<separator.lowerBound]) + "\n", String(text[separator.upperBound...]))
    }

    /// Whether simulating `workload` on the architecture `text` (already loaded without error) stays
    /// small: at most 8 channels of at most 64 banks, GEMVs of at most 2^20 weights × batch,
    /// element-wise kernels of at most 2^20 elements, decodes of at most 8 layer-tokens of a model
    /// with d_model ≤ 256, d_ff ≤ 1024, vocab ≤ 4096, context ≤ 256, batch ≤ 2; and at most 2^14
    /// unit steps (`steps`: one channel, one bank and one lane ran 2^20 MACs in 3 s, 2^20 MULs in 9 s).
    public static func isSmall(_ workload: PIMWorkload, architecture text: String, file: String) -> Bool {
        guard let shape = shape(text, file: file), shape.channels <= 8, shape.banks <= 64 else { return false }
        switch workload {
        case .gemv(let outputs, let inputs, let batch, _):
            let (weights, overflow) = outputs.multipliedReportingOverflow(by: inputs)
            guard !overflow, weights <= 1 << 20, weights * batch <= 1 << 20 else { return false }
        case .elementwise(_, let elements, _):
            guard elements <= 1 << 20 else { return false }
        case .decode(let decode):
            let model = decode.model
            guard model.layers * decode.generatedTokens <= 8, model.dModel <= 256, model.dFF <= 1_024, model.vocab <= 4_096,
                  decode.promptTokens + decode.generatedTokens <= 256, decode.batch <= 2 else { return false }
        }
        return steps(workload, units: shape.channels * shape.units, lanes: shape.lanes) <= 1 << 14
    }

    /// About how many steps the busiest unit runs: GEMV rows spread over `units`, inputs over `lanes`.
    public static func steps(_ workload: PIMWorkload, units: Int, lanes: Int) -> Int {
        func up(_ a: Int, _ b: Int) -> Int { (a + b - 1) / max(1, b) }
        func gemv(_ outputs: Int, _ inputs: Int) -> Int { up(outputs, units) * up(inputs, lanes) }
        switch workload {
        case .gemv(let outputs, let inputs, let batch, _): return gemv(outputs, inputs) * batch
        case .elementwise(_, let elements, _): return up(elements, units * lanes)
        case .decode(let decode):
            let m = decode.model, d = m.dModel
            var total = 0
            for token in 0..<decode.generatedTokens {
                let context = decode.promptTokens + token + 1
                let layer = gemv(3 * d, d) + gemv(d, d) + gemv(m.dFF, d) + gemv(d, m.dFF)
                    + gemv(m.heads * context, m.headDim) + gemv(d, context)
                total += (m.layers * layer + gemv(m.vocab, d)) * decode.batch
            }
            return total
        }
    }

    /// Channels, banks and PIM units per channel, and lanes per unit, as the architecture sets them
    /// (the `memory:` preset with the file's overrides; `pim:`'s defaults where it sets none).
    static func shape(_ text: String, file: String) -> (channels: Int, banks: Int, units: Int, lanes: Int)? {
        guard let document = try? ConfigSection.load(yaml: text, file: file),
              let memory = try? document.section("memory"),
              let name = try? memory.string("standard"),
              var organization = DRAMStandards.named(name)?.organization,
              let pim = try? document.section("pim") else { return nil }
        if let section = try? memory.section("organization") {
            for (field, keyPath) in DRAMOrganization.fields where section.has(field) {
                guard let value = try? section.int(field) else { return nil }
                organization[keyPath: keyPath] = value
            }
        }
        let hbmPIM = (try? pim.string("standard", default: "all-bank"))?.lowercased() == "hbm-pim"
        guard let banksPerUnit = try? pim.int("banks_per_unit", default: hbmPIM ? 2 : 1),
              let type = PIMDataType(rawValue: (try? pim.string("data_type", default: "fp16")) ?? ""),
              let lanes = try? pim.int("lanes", default: organization.accessBytes / type.bytes) else { return nil }
        return (organization.channels, organization.banksPerChannel, organization.banksPerRank / max(1, banksPerUnit), lanes)
    }
}
