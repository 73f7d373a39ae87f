/// A Double as Python's `repr`/`str` prints it (and numpy's `str` of a float64, which SCALE-Sim's
/// reports use): the shortest digits that round-trip, fixed notation with at least one digit after
/// the point while the decimal exponent is in -4 ..< 16, else `d.ddde±XX`. Swift's `description`
/// gives the same digits but switches notation at other bounds (2^53 and above is exponential:
/// `9.999999999999998e+15` where Python prints `9999999999999998.0`), so only the layout is redone.
enum PythonFloatText {
    static func repr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let (negative, digits, pointPosition) = decompose(value)
        let sign = negative ? "-" : ""
        // Python (`float_repr_style` short, mode 'r'): exponential when decpt <= -4 or decpt > 16,
        // decpt being where the point sits after the first `decpt` digits.
        if pointPosition <= -4 || pointPosition > 16 {
            let exponent = pointPosition - 1
            let mantissa = digits.count == 1 ? digits : digits.prefix(1) + "." + digits.dropFirst()
            let magnitude = String(abs(exponent))
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" : "") + magnitude
        }
        if pointPosition <= 0 {
            return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
        }
        if pointPosition >= digits.count {
            return sign + digits + String(repeating: "0", count: pointPosition - digits.count) + ".0"
        }
        let split = digits.index(digits.startIndex, offsetBy: pointPosition)
        return sign + digits[..<split] + "." + digits[split...]
    }

    /// Sign, significant digits (no leading or trailing zeros; "0" for zero) and the decimal point's
    /// position in them, from Swift's shortest round-trip `description`.
    private static func decompose(_ value: Double) -> (negative: Bool, digits: String, pointPosition: Int) {
        var text = Substring(value.description)
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...])!
            text = text[..<e]
        }
        let integerPart = text.prefix { $0 != "." }
        let fraction = text.dropFirst(integerPart.count + (text.count > integerPart.count ? 1 : 0))
        var digits = String(integerPart) + fraction
        var pointPosition = integerPart.count + exponent
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        if digits == "0" { pointPosition = 1 }
        return (negative, digits, pointPosition)
    }
}
