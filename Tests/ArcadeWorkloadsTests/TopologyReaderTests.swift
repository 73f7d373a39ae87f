import Foundation
import ArcadeCore
import Testing
@testable import ArcadeWorkloads

@Suite struct TopologyReaderTests {
    /// Parsed topologies are cached by path and text: an edited file is read anew.
    @Test func anEditedFileIsParsedAgain() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("arcade-topology-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "Layer Name, M, N, K,\nA, 4, 5, 6,\n".write(toFile: path, atomically: true, encoding: .utf8)
        let first = try TopologyReader.read(path: path)
        #expect(try TopologyReader.read(path: path) == first)
        try "Layer Name, M, N, K,\nA, 4, 5, 6,\nB, 7, 8, 9,\n".write(toFile: path, atomically: true, encoding: .utf8)
        let edited = try TopologyReader.read(path: path)
        #expect(first.layers.count == 1 && edited.layers.count == 2)
    }

    @Test func readsConvWithTrailingCommasAndDepthwiseMarker() throws {
        let text = """
            Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,
            Conv1, 229, 229, 7, 7, 3, 64, 2,

            Conv_DP1, 114, 114, 3, 3, 32, 1, 1,
            """
        let topology = try TopologyReader.parse(text, file: "t.csv", name: "t")
        #expect(topology.kind == .conv)
        #expect(topology.layers.count == 2)
        guard case .conv(let conv1) = topology.layers[0], case .conv(let dp) = topology.layers[1] else {
            Issue.record("expected conv layers"); return
        }
        // (229 − 7 + 2) / 2 = 112: ResNet-18's first layer output.
        #expect(conv1.ofmapHeight == 112 && conv1.ofmapWidth == 112)
        #expect(!conv1.isDepthwise && dp.isDepthwise)
        #expect(dp.channels == 32 && dp.filterCount == 1)
    }

    @Test func readsGEMMWithAndWithoutTrailingComma() throws {
        let text = "Layer Name, M, N, K,\nQKV, 512, 2304, 768,\nFFN, 512, 3072, 768\n"
        let topology = try TopologyReader.parse(text, file: "g.csv", name: "g")
        #expect(topology.kind == .gemm)
        #expect(topology.layers == [.gemm(GEMMLayer(name: "QKV", m: 512, n: 2304, k: 768)),
                                    .gemm(GEMMLayer(name: "FFN", m: 512, n: 3072, k: 768))])
    }

    @Test func ceilOutputSizeWithStride() {
        // SCALE-Sim: E = ceil((I − F + S) / S); (58 − 3 + 2) / 2 = 28.5 → 29.
        let layer = ConvLayer(name: "x", ifmapHeight: 58, ifmapWidth: 57, filterHeight: 3, filterWidth: 3,
                              channels: 1, filterCount: 1, stride: 2)
        #expect(layer.ofmapHeight == 29 && layer.ofmapWidth == 28)
    }

    @Test func errorsNameFileLineAndField() {
        let cases: [(text: String, line: Int?, field: String?, fragment: String)] = [
            ("Layer Name, M, N, K,\nA, 0, 4, 4,\n", 2, "M", "whole number ≥ 1"),
            ("Layer Name, M, N, K,\nA, 4, x, 4,\n", 2, "N", "'x'"),
            ("Layer Name, M, N, K,\nA, 4, 4,\n", 2, nil, "expected 4 values"),
            ("Layer, Rows, Cols,\nA, 1, 2,\n", 1, nil, "unrecognised header"),
            ("Layer Name, M, N, K,\n", nil, nil, "no layers"),
            ("", nil, nil, "empty"),
            ("Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
                + "C, 3, 3, 5, 5, 1, 1, 1,\n", 2, "Filter Height/Filter Width", "larger than"),
            ("Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
                + "C, 8, 8, 3, 3, 1, 1, -1,\n", 2, "Strides", "whole number ≥ 1"),
        ]
        for item in cases {
            do {
                _ = try TopologyReader.parse(item.text, file: "bad.csv", name: "bad")
                Issue.record("accepted bad input: \(item.text)")
            } catch let error as InputError {
                #expect(error.file == "bad.csv")
                #expect(error.line == item.line, "\(error)")
                #expect(error.field == item.field, "\(error)")
                #expect(error.message.contains(item.fragment), "\(error)")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test func missingFileIsAnInputError() {
        #expect(throws: InputError.self) { try TopologyReader.read(path: "/nonexistent/topology.csv") }
    }

    @Test func shippedWorkloadsParse() throws {
        let root = #filePath.components(separatedBy: "/Tests/")[0]
        let expectations: [(String, Int)] = [("conv/resnet18.csv", 21), ("conv/alexnet.csv", 8),
                                             ("conv/mobilenet.csv", 28), ("gemm/gemm_set.csv", 6),
                                             ("gemm/bert_base_layer.csv", 6)]
        for (file, layers) in expectations {
            let topology = try TopologyReader.read(path: "\(root)/Workloads/\(file)")
            #expect(topology.layers.count == layers, "\(file)")
        }
        // ResNet-18's FC layer: 512 → 1000 as a 1×1 convolution on a 1×1 ifmap.
        let resnet = try TopologyReader.read(path: "\(root)/Workloads/conv/resnet18.csv")
        #expect(resnet.layers.last == .conv(ConvLayer(name: "FC", ifmapHeight: 1, ifmapWidth: 1, filterHeight: 1,
                                                     filterWidth: 1, channels: 512, filterCount: 1000, stride: 1)))
    }
}
