import ArcadeCore
import Foundation
import Testing
@testable import ArcadeExplore

/// The `arcade serve` protocol in process: every operation's answer, the cache behind `evaluate`,
/// and bad requests answered with the line, field and what is allowed — never a trap.
@Suite struct EnvironmentServerTests {
    static func server() throws -> EnvironmentServer {
        EnvironmentServer(evaluator: try DesignSpaceEvaluator(path: DesignSpaceFixture.spacesDirectory + "/systolic-tiny.yaml",
                                                              parallelism: 2))
    }

    static func object(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func spacesResetStepEvaluateClose() throws {
        var server = try Self.server()
        let space = try Self.object(server.respond(to: #"{"op": "spaces", "id": 1}"#))
        #expect(space["ok"] as? Bool == true && space["id"] as? Int == 1)
        #expect(space["counts"] as? [Int] == [5, 5, 3, 3])
        let parameters = try #require(space["parameters"] as? [[String: Any]])
        #expect(parameters.map { $0["name"] as? String } == ["rows", "columns", "dataflow", "ifmap_sram_kib"])
        #expect(parameters[2]["ordered"] as? Bool == false && parameters[2]["values"] as? [String] == ["os", "ws", "is"])
        #expect((space["objectives"] as? [[String: String]])?.first == ["name": "cycles", "unit": "cycles"])

        let reset = try Self.object(server.respond(to: #"{"op": "reset", "seed": 3}"#))
        #expect(reset["observation"] as? [Double] == [0])
        let step = try Self.object(server.respond(to: #"{"op": "step", "action": [0, 0, 0, 1]}"#))
        // 4×4 OS on the tiny GEMMs with 4 KiB of ifmap SRAM: 8,768 cycles (as `arcade simulate` gives).
        #expect(step["observation"] as? [Double] == [8_768] && step["reward"] as? Double == -8_768)
        #expect(step["terminated"] as? Bool == true && step["truncated"] as? Bool == false)
        let info = try #require(step["info"] as? [String: Any])
        #expect(info["rows"] as? String == "4" && info["dataflow"] as? String == "os" && info["feasible"] as? String == "true")
        #expect(info["macs"] as? Int == 118_784)

        let batch = try Self.object(server.respond(to: #"{"op": "evaluate", "points": [[0, 0, 0, 1], [4, 4, 2, 2]]}"#))
        let results = try #require(batch["results"] as? [[String: Any]])
        #expect(results[0]["objectives"] as? [Double] == [8_768] && results[0]["failure"] is NSNull)
        #expect(results[1]["feasible"] as? Bool == false)
        #expect((results[1]["failure"] as? String)?.contains("rows * columns <= 2048") == true)
        #expect(server.evaluator.simulationsRun == 1)                  // the step's point came from the cache

        #expect(try Self.object(server.respond(to: #"{"op": "close"}"#))["ok"] as? Bool == true)
        #expect(server.closed)
    }

    @Test("bad requests: the line, the field and what is allowed",
          arguments: [("not json", nil as String?, "not a JSON object"),
                      (#"{"op": "fly"}"#, "op", "allowed: spaces, reset, step, evaluate, close"),
                      (#"{"op": "step", "action": [0, 0, 0, 1]}"#, "op", "send reset first"),
                      (#"{"op": "reset", "seed": -1}"#, "seed", "whole number"),
                      (#"{"op": "evaluate", "points": [[0, 0, 0]]}"#, "points[0]", "list of 4 indices"),
                      (#"{"op": "evaluate", "points": [[0, 0, 0, 3]]}"#, "points[0][3]", "allowed: 0...2"),
                      (#"{"op": "evaluate", "points": [[0, 0, true, 0]]}"#, "points[0][2]", "'true' is not an index"),
                      (#"{"op": "evaluate", "points": [[0.5, 0, 0, 0]]}"#, "points[0][0]", "'0.5' is not an index")])
    func badRequests(request: String, field: String?, message: String) throws {
        var server = try Self.server()
        _ = server.respond(to: #"{"op": "spaces"}"#)
        let answer = try Self.object(server.respond(to: request))
        #expect(answer["ok"] as? Bool == false)
        let error = try #require(answer["error"] as? [String: Any])
        #expect(error["line"] as? Int == 2)
        #expect(error["field"] as? String == field)
        #expect((error["message"] as? String)?.contains(message) == true, "\(error)")
        // The server goes on after a bad request.
        #expect(try Self.object(server.respond(to: #"{"op": "spaces"}"#))["ok"] as? Bool == true)
    }
}
