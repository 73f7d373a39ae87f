import ArcadeCore
import Foundation
import Testing
@testable import ArcadeHardware

/// Bad PIM configurations and workloads are `InputError`s naming the field; decode runs are
/// deterministic and report what they claim.
@Suite("PIM: bad input and transformer decode")
struct PIMInputTests {
    static func architectureError(_ replace: String, with replacement: String) -> InputError? {
        let yaml = PIMModelTests.oneChannel().replacingOccurrences(of: replace, with: replacement)
        do {
            _ = try PIMModelTests.model(yaml: yaml)
            return nil
        } catch let error as InputError {
            return error
        } catch {
            return nil
        }
    }

    @Test("inconsistent PIM configurations name the field and what is allowed",
          arguments: [("lanes: 16", "lanes: 32", "lanes", "at most 16"),
                      ("standard: all-bank,", "standard: all-bank, banks_per_unit: 32,", "banks_per_unit", "only 16 banks"),
                      ("standard: all-bank,", "standard: all-bank, banks_per_unit: 4,", "banks_per_unit", "allowed: 1"),
                      ("standard: all-bank,", "standard: HBM-PIM, banks_per_unit: 1,", "banks_per_unit", "allowed: 2"),
                      ("data_type: fp16", "data_type: fp32", "data_type", "fp16, bf16, int8"),
                      ("ranks: 1,", "ranks: 2,", "organization", "one rank")])
    func badArchitecture(replace: String, with replacement: String, field: String, allowed: String) throws {
        let error = try #require(Self.architectureError(replace, with: replacement))
        #expect(error.description.contains(field))
        #expect(error.description.contains(allowed))
    }

    @Test("a matrix that does not fit, a data type the units lack, a bad model shape")
    func badWorkloads() throws {
        let model = try PIMModelTests.model(yaml: PIMModelTests.oneChannel())
        #expect(throws: InputError.self) {
            _ = try model.simulate(.gemv(outputs: 1 << 20, inputs: 1 << 12, batch: 1, dataType: .fp16))
        }
        do {
            _ = try model.simulate(.gemv(outputs: 1 << 20, inputs: 1 << 12, batch: 1, dataType: .fp16))
        } catch let error as InputError {
            #expect(error.description.contains("rows in every bank"))
        }
        do {
            _ = try model.simulate(.gemv(outputs: 64, inputs: 64, batch: 1, dataType: .int8))
            Issue.record("int8 on fp16 units accepted")
        } catch let error as InputError {
            #expect(error.description.contains("data_type"))
        }
        #expect(throws: InputError.self) {
            _ = try PIMWorkload.parse(text: "model: {layers: 2, d_model: 100, heads: 3, d_ff: 400, vocab: 10}\n", file: "m.yaml")
        }
        #expect(throws: InputError.self) {
            _ = try PIMWorkload.parse(text: "kernel: gemv\noutputs: 4\ninputs: 4\nbatch: 1\ncolour: red\n", file: "k.yaml")
        }
    }

    /// 512 input tiles × 4,096 vectors × 72 commands = 151M commands on one channel: refused without
    /// --allow-huge (it would run for minutes), before any simulation.
    @Test("absurd work needs --allow-huge")
    func hugeWork() throws {
        let model = try PIMModelTests.model(yaml: PIMModelTests.oneChannel())
        do {
            _ = try model.simulate(.gemv(outputs: 128, inputs: 65_536, batch: 4_096, dataType: nil))
            Issue.record("a 151M-command GEMV ran without --allow-huge")
        } catch let error as InputError {
            #expect(error.description.contains("--allow-huge"))
        }
    }

    static let tinyDecode = TransformerDecode(
        model: TransformerModel(name: "tiny", layers: 2, dModel: 128, heads: 2, dFF: 512, vocab: 256, context: 64),
        promptTokens: 16, generatedTokens: 3, batch: 1, dataType: .fp16)

    @Test("decode: tables per layer, token and op; totals add up; deterministic; attention grows with the context")
    func decode() throws {
        let model = try PIMModelTests.model(yaml: PIMModelTests.oneChannel(refresh: "all-bank"))
        let first = try model.simulate(.decode(Self.tinyDecode))
        let second = try model.simulate(.decode(Self.tinyDecode))
        #expect(first == second)
        let tokens = try #require(first.tables.first { $0.name == "tokens" })
        #expect(tokens.rowCount == 3)
        let layers = try #require(first.tables.first { $0.name == "layers" })
        #expect(layers.rowCount == 3)                                // the LM head's −1 and two layers
        let ops = try #require(first.tables.first { $0.name == "ops" })
        guard case .string(let names) = ops.columns[0].values else { Issue.record("op names"); return }
        #expect(names == ["layernorm", "qkv", "kv_append", "scores", "softmax", "values", "proj", "add", "fc1", "gelu",
                          "fc2", "lm_head", "argmax"])
        guard case .double(let perToken) = tokens.columns[1].values, case .double(let latency)? = first.total("latency_ns"),
              case .double(let perTokenTotal)? = first.total("latency_per_token_ns") else { Issue.record("columns"); return }
        #expect(abs(perToken.reduce(0, +) - latency) < 1e-6 * latency)
        #expect(abs(perTokenTotal - latency / 3) < 1e-9 * latency)
        let m = Self.tinyDecode.model
        let macs = 3 * (m.layers * (4 * m.dModel * m.dModel + 2 * m.dModel * m.dFF) + m.vocab * m.dModel)
            + (0..<3).reduce(0) { total, token in total + 2 * m.layers * m.dModel * (16 + token + 1) }
        #expect(PIMModelTests.int(first, "macs") == Int64(macs))
        for baseline in ["no_pim", "gpu", "cpu"] {
            guard case .double(let value)? = PIMModelTests.group(first, "baselines." + baseline, "latency_per_token_ns") else {
                Issue.record("baselines.\(baseline)"); continue
            }
            #expect(value > 0)
        }
        let json = ReportRendering.json(first)
        #expect(json.contains("\"baselines\": {"))
        #expect(json.contains("\"no_pim\": {\"cycles\""))
    }
}
