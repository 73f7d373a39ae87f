import Testing
@testable import ArcadeCore

@Suite struct NumberTextTests {
    @Test func integersAreGroupedByThousands() {
        #expect(NumberText.integer(0) == "0")
        #expect(NumberText.integer(999) == "999")
        #expect(NumberText.integer(1000) == "1,000")
        #expect(NumberText.integer(-1_234_567) == "-1,234,567")
        #expect(NumberText.integer(Int64.min) == "-9,223,372,036,854,775,808")
        #expect(NumberText.integer(Int64.max) == "9,223,372,036,854,775,807")
    }

    @Test func integralRealsHaveNoDecimals() {
        #expect(NumberText.real(8768.0) == "8,768")
        #expect(NumberText.real(100) == "100")
        #expect(NumberText.real(-42) == "-42")
        #expect(NumberText.real(999_999_999_999_999) == "999,999,999,999,999")
    }

    @Test func zeroAndNegativeZero() {
        #expect(NumberText.real(0) == "0")
        #expect(NumberText.real(-0.0) == "0")
        // Rounds to zero at 4 significant digits only when it is zero: tiny values go scientific.
        #expect(NumberText.real(-1e-300) == "-1e-300")
    }

    @Test func fourSignificantDigits() {
        #expect(NumberText.real(87.654) == "87.65")
        #expect(NumberText.real(0.876543) == "0.8765")
        #expect(NumberText.real(12.5) == "12.5")
        #expect(NumberText.real(1.0 / 3) == "0.3333")
        #expect(NumberText.real(-2.71828) == "-2.718")
        #expect(NumberText.real(0.001234) == "0.001234")
        #expect(NumberText.real(41.23, significantDigits: 3) == "41.2")
    }

    @Test func roundingThatCarriesIntoTheNextDecade() {
        #expect(NumberText.real(999.95) == "1,000")
        #expect(NumberText.real(99.996) == "100")
        #expect(NumberText.real(0.99996) == "1")
        #expect(NumberText.real(0.00099996) == "0.001")
        #expect(NumberText.real(-999.96) == "-1,000")
    }

    @Test func largeRealsAreWholeNumbersThenScientific() {
        #expect(NumberText.real(1_504_043.1347339968) == "1,504,043")
        #expect(NumberText.real(1234.5) == "1,235")
        #expect(NumberText.real(1e15) == "1e15")
        #expect(NumberText.real(1.5042e15) == "1.504e15")
        #expect(NumberText.real(-2.5e20) == "-2.5e20")
        #expect(NumberText.real(Double.greatestFiniteMagnitude) == "1.798e308")
    }

    @Test func smallRealsAreScientific() {
        #expect(NumberText.real(1e-9) == "1e-9")
        #expect(NumberText.real(1.23456e-5) == "1.235e-5")
        #expect(NumberText.real(-0.0005) == "-5e-4")
        #expect(NumberText.real(Double.leastNonzeroMagnitude) == "4.941e-324")
    }

    @Test func nonFiniteValues() {
        #expect(NumberText.real(.nan) == "-")
        #expect(NumberText.real(.infinity) == "inf")
        #expect(NumberText.real(-.infinity) == "-inf")
    }

    @Test func valuesUnitsAndDurations() {
        #expect(NumberText.value(.int(-1_234_567)) == "-1,234,567")
        #expect(NumberText.value(.double(25.0712)) == "25.07")
        #expect(NumberText.value(.bool(true)) == "yes")
        #expect(NumberText.value(.string("a b")) == "a b")
        #expect(NumberText.withUnit("87.65", "%") == "87.65 %")
        #expect(NumberText.withUnit("3", "") == "3")
        #expect(NumberText.duration(seconds: 0) == "0:00")
        #expect(NumberText.duration(seconds: 3.9) == "0:03")
        #expect(NumberText.duration(seconds: 754) == "12:34")
        #expect(NumberText.duration(seconds: 3723) == "1:02:03")
        #expect(NumberText.duration(seconds: .infinity) == "--:--")
        #expect(NumberText.duration(seconds: -1) == "--:--")
    }
}
