import ArcadeCore
import ArgumentParser

/// `--wide`, shared by every command that prints tables or summaries (simulate, sweep, explore,
/// compare): by default text output fits 120 columns, leaving out a table's least important
/// columns (the footer says how many) and wrapping long lists; `--wide` shows everything.
struct TableOptions: ParsableArguments {
    @Flag(name: .long, help: "Show every table column and long lines in full (default: fit \(TextTable.defaultWidth) columns; the result file has everything).")
    var wide = false

    /// The width text output is fitted to; nil with --wide.
    var width: Int? { wide ? nil : TextTable.defaultWidth }
}
