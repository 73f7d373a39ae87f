import Testing
import ArcadeKernel

@Suite("SplitMix64")
struct SplitMix64Tests {
    /// Reference values from Vigna's splitmix64.c with seed 1234567.
    @Test func matchesTheReferenceImplementation() {
        var random = SplitMix64(seed: 1_234_567)
        let expected: [UInt64] = [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ]
        #expect((0..<5).map { _ in random.next() } == expected)
    }

    @Test func drawsBelowABoundStayInRange() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<10_000 { #expect(random.next(below: 2_000) < 2_000) }
        let die = (0..<1_000).map { _ in Int.random(in: 1...6, using: &random) }
        #expect(Set(die) == Set(1...6))
    }

    @Test func copiesForkIdenticalStreams() {
        var original = SplitMix64(seed: 99)
        _ = original.next()
        var fork = original
        #expect(original.next() == fork.next())
    }
}
