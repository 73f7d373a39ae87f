import Foundation

/// How every number reaches a terminal, in one place (tables, totals, sweep, explore and compare
/// summaries, progress lines, the HTML report): integers with thousands separators, other numbers
/// with a few significant digits and no trailing zeros.
///
/// ```
/// NumberText.integer(1504043)         // "1,504,043"
/// NumberText.real(8768.0)             // "8,768"      integral: no ".00"
/// NumberText.real(1504043.1347)       // "1,504,043"  ≥ 1000: rounded to a whole number
/// NumberText.real(87.654)             // "87.65"      4 significant digits
/// NumberText.real(0.876543)           // "0.8765"
/// NumberText.real(1e-9)               // "1e-9"       below 0.001: scientific
/// NumberText.real(1e15)               // "1e15"       from 10^15 on: scientific
/// NumberText.real(.nan)               // "-"
/// NumberText.withUnit("87.65", "%")   // "87.65 %"
/// ```
public enum NumberText {
    /// `-1,234,567`.
    public static func integer<Integer: BinaryInteger>(_ number: Integer) -> String {
        let digits = String(number.magnitude)
        var out = ""
        out.reserveCapacity(digits.count + digits.count / 3 + 1)
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return number < 0 ? "-" + out : out
    }

    /// `significantDigits` significant digits (at least 1): whole numbers below 10^15 exactly, with
    /// separators; from 1,000 on rounded to a whole number; 0.001 ≤ |x| < 1000 in fixed point
    /// without trailing zeros; smaller and larger magnitudes as `1.504e-9`, `1.504e15`. NaN is `-`
    /// (no value), infinities are `inf` and `-inf`.
    public static func real(_ number: Double, significantDigits: Int = 4) -> String {
        if number.isNaN { return "-" }
        if number.isInfinite { return number < 0 ? "-inf" : "inf" }
        if number == 0 { return "0" }
        let magnitude = abs(number)
        if number == number.rounded() && magnitude < 1e15 { return integer(Int64(number)) }
        let digits = max(1, significantDigits)
        // The decimal exponent after rounding to `digits` significant digits (999.95 → 1.000e3).
        let scientific = String(format: "%.\(digits - 1)e", magnitude)
        let parts = scientific.split(separator: "e")
        let mantissa = stripZeros(String(parts[0]))
        let exponent = Int(parts[1]) ?? 0
        let sign = number < 0 ? "-" : ""
        if exponent >= 15 || exponent < -3 { return sign + mantissa + "e" + String(exponent) }
        if exponent >= 3 { return sign + integer(Int64(magnitude.rounded())) }
        let decimals = max(0, digits - 1 - exponent)
        let fixed = stripZeros(String(format: "%.\(decimals)f", magnitude))
        return fixed == "0" ? "0" : sign + fixed
    }

    /// A value of a result: integers and reals as above, text as it is, flags as yes/no.
    public static func value(_ value: ResultValue) -> String {
        switch value {
        case .int(let number): return integer(number)
        case .double(let number): return real(number)
        case .string(let text): return text
        case .bool(let flag): return flag ? "yes" : "no"
        }
    }

    /// `87.65 %`, `630.9 µs`, or the text alone when there is no unit.
    public static func withUnit(_ text: String, _ unit: String) -> String {
        unit.isEmpty ? text : text + " " + unit
    }

    /// `0:07`, `12:34`, `1:02:03` (whole seconds, rounded down); `--:--` when unknown.
    public static func duration(seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0, seconds < 1e9 else { return "--:--" }
        let total = Int(seconds)
        let (hours, minutes, secs) = (total / 3600, total / 60 % 60, total % 60)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return hours > 0 ? "\(hours):\(two(minutes)):\(two(secs))" : "\(minutes):\(two(secs))"
    }

    /// "1.500" → "1.5", "2.000" → "2"; text without a decimal point is left alone.
    private static func stripZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var out = Substring(text)
        while out.last == "0" { out.removeLast() }
        if out.last == "." { out.removeLast() }
        return String(out)
    }
}
