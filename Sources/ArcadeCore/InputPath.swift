/// Paths that one input file gives to another (`memory: ../dram/ddr4-2400.yaml`, a space's
/// `architecture:`): relative to the folder of the file that names them, never to the working
/// directory or to wherever a derived copy of the file happens to be built.
public enum InputPath {
    /// `relative` as seen from the folder of `file`, with `.` and `..` removed; stays relative when
    /// `file` is (short error messages). Pure string work: `URL.standardized` drops a leading `..`
    /// of a relative path, which would send `../dram/x.yaml` from `arch.yaml` to `dram/x.yaml`.
    public static func resolve(_ relative: String, against file: String) -> String {
        if relative.hasPrefix("/") { return relative }
        var parts: [Substring] = file.split(separator: "/", omittingEmptySubsequences: true).dropLast()
        for part in relative.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if let last = parts.last, last != ".." { parts.removeLast() } else if !file.hasPrefix("/") { parts.append(part) }
            default: parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return file.hasPrefix("/") ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
