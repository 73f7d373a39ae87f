public enum ArcadeVersion {
    /// The software version stored in every result file.
    public static let current = "0.1.0"
}
