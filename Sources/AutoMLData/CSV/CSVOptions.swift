/// How a CSV file is read.
public struct CSVOptions: Sendable, Equatable {
    /// The strings that mark a missing value (compared after trimming spaces): the empty field,
    /// `NA`, `N/A`, `NaN`, `nan`, `?`, `null`, `NULL` and `None`, a subset of pandas' defaults.
    public static let defaultMissingMarkers = [
        "", "NA", "N/A", "n/a", "NaN", "nan", "NAN", "?", "null", "NULL", "None",
    ]

    /// The field separator, one ASCII byte.
    public let delimiter: UInt8
    /// Field texts read as missing values.
    public let missingMarkers: Set<String>

    /// Options with a delimiter given as text: one ASCII character, or `\t` / `tab` for a tab.
    /// - Throws: ``DataError/invalidDelimiter(_:)`` for a quote, a line break, a non-ASCII or a
    ///   multi-character delimiter.
    public init(delimiter: String = ",", missingMarkers: [String] = defaultMissingMarkers)
        throws(DataError)
    {
        let text = delimiter == "\\t" || delimiter.lowercased() == "tab" ? "\t" : delimiter
        let bytes = Array(text.utf8)
        guard bytes.count == 1, let byte = bytes.first, byte < 0x80,
            byte != UInt8(ascii: "\""), byte != 0x0A, byte != 0x0D
        else { throw .invalidDelimiter(delimiter) }
        self.delimiter = byte
        self.missingMarkers = Set(missingMarkers)
    }

    /// Comma-separated, default missing markers.
    public static let standard = CSVOptions(uncheckedDelimiter: UInt8(ascii: ","))

    private init(uncheckedDelimiter: UInt8) {
        delimiter = uncheckedDelimiter
        missingMarkers = Set(Self.defaultMissingMarkers)
    }
}
