/// Text from the user's files on its way to a terminal: an error message quotes layer names, keys
/// and values as they were read, and a control character in them (ESC, NUL, a carriage return)
/// would move the cursor, recolour or hide the rest of the line. The fuzzers wrote such names.
public enum TerminalText {
    /// `text` with every control character but newline and tab shown as `\u{XX}`.
    public static func escapingControls(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let isControl = value < 0x20 || (0x7F...0x9F).contains(value)
            if isControl && scalar != "\n" && scalar != "\t" {
                result += "\\u{" + String(value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
