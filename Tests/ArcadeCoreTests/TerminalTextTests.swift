import ArcadeCore
import Testing

@Suite struct TerminalTextTests {
    @Test func controlCharactersAreShownNotSent() {
        #expect(TerminalText.escapingControls("layer '\u{10}\0\0GEMM_'") == "layer '\\u{10}\\u{0}\\u{0}GEMM_'")
        #expect(TerminalText.escapingControls("a\u{1B}[2Jb\rc") == "a\\u{1B}[2Jb\\u{D}c")
        #expect(TerminalText.escapingControls("two\nlines\tand ≤ 2^20") == "two\nlines\tand ≤ 2^20")
    }
}
